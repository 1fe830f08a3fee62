/** The HTTP control API under {@code /api/v1}: server bootstrap, settings, routes, security, audit, OpenAPI. */
package io.agora.http;

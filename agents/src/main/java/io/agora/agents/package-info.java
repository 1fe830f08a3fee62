/**
 * Persistent agents: one file per agent with its protocol (sealed {@code Command}, {@code Event}, {@code State}
 * records), sharded by {@code EntityTypeKey}, event-sourced through the persistence module.
 */
package io.agora.agents;

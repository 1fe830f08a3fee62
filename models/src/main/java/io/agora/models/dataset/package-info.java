/**
 * Training data and how it is cut in time: {@link io.agora.models.dataset.Dataset} (feature rows and forward-return
 * labels of one or more pairs, in time order), {@link io.agora.models.dataset.LabelSpec} and
 * {@link io.agora.models.dataset.WalkForward}, whose purged splits keep every label read by training before the test
 * window it is evaluated on.
 */
package io.agora.models.dataset;

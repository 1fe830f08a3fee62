/**
 * Model inputs computed from candles. {@link io.agora.models.features.FeatureExtractor} is the single implementation
 * used for training rows and for live candles, built from feature names so that a model card alone recreates it;
 * {@link io.agora.models.features.Normalization} carries the training window's statistics to test and live rows.
 */
package io.agora.models.features;

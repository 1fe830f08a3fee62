package io.agora.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.Timeframe;
import io.agora.models.dataset.Dataset;
import io.agora.models.dataset.LabelSpec;
import io.agora.models.features.FeatureSets;
import io.agora.models.features.Normalization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTrainingTest {
  private static final LabelSpec LABEL = new LabelSpec(12, 0.002);

  private static Dataset data(int candles, long seed) {
    CandleSeries s = SyntheticData.generate(SyntheticData.Spec.of(1, candles, Timeframe.parse("5m"),
        Instant.parse("2024-01-01T00:00:00Z"), seed)).get(0);
    return Dataset.build(s, FeatureSets.standard(), LABEL);
  }

  private static ModelTraining.Spec spec(double validation) {
    return new ModelTraining.Spec("m", "logistic", Map.of(), FeatureSets.OHLCV_V1, FeatureSets.standard(), LABEL,
        validation, 0.6, 1);
  }

  @Test
  void theCardDescribesWindowNormalisationAndValidation() {
    Dataset d = data(3000, 1);
    long to = d.times()[2000];
    ModelTraining.Trained t = ModelTraining.train(spec(0.25), d, "5m", d.times()[0], to);
    var c = t.card();
    assertTrue(c.training().toMs() + 12 * 300_000L < to, "labels known before the end of the window");
    assertEquals(FeatureSets.standard(), c.features());
    assertEquals(0, c.version());
    assertEquals("5m", c.training().timeframe());
    assertTrue(c.validation().get("rows") > 300, c.validation().toString());
    double auc = c.validation().get("auc");
    assertTrue(auc > 0 && auc < 1, "auc " + auc);
    // normalisation from the fitting rows alone: refit on exactly them and compare
    int fitRows = c.training().rows();
    Dataset fit = d.labelled(0, fitRows + countUnlabelled(d, fitRows));
    assertEquals(Normalization.fit(fit.x(), fitRows, d.featureCount()), t.normalization());
  }

  private static int countUnlabelled(Dataset d, int labelled) {
    int seen = 0;
    int r = 0;
    while (seen < labelled) {
      if (d.y()[r] >= 0) seen++;
      r++;
    }
    return r - labelled;
  }

  @Test
  void laterCandlesNeverChangeTheModel() {
    Dataset a = data(3000, 1);
    Dataset b = data(4000, 1); // same seed: the same first 3000 candles, then more
    long to = a.times()[2000];
    ModelTraining.Trained ta = ModelTraining.train(spec(0.2), a, "5m", a.times()[0], to);
    ModelTraining.Trained tb = ModelTraining.train(spec(0.2), b, "5m", b.times()[0], to);
    assertEquals(ta.normalization(), tb.normalization());
    assertEquals(ta.card().validation(), tb.card().validation());
    float[] row = new float[a.featureCount()];
    for (int r = 0; r < 200; r++) {
      System.arraycopy(a.x(), r * row.length, row, 0, row.length);
      ta.normalization().applyRow(row, 0);
      assertEquals(ta.model().reference().probability(row), tb.model().reference().probability(row), 0.0);
    }
  }

  @Test
  void tooFewRowsAreExplained() {
    Dataset d = data(400, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelTraining.train(spec(0.2), d, "5m", d.times()[0], d.times()[100]));
    assertTrue(e.getMessage().contains("need at least 100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> spec(0.7));
  }
}

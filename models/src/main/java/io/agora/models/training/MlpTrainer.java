package io.agora.models.training;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer perceptron (ReLU, sigmoid output) trained with mini-batch Adam on log loss, in plain Java so it
 * needs no ML library and is bit-for-bit repeatable for a seed. Parameters live in one {@code double[]} during
 * training (one Adam loop for all of them) and become float32 for the ONNX graph and the reference forward pass.
 */
final class MlpTrainer implements ModelTrainer {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final Hyperparameters hp;
  private final int hidden;
  private final int epochs;
  private final double learningRate;
  private final int batchSize;
  private final double l2;

  private MlpTrainer(Hyperparameters hp) {
    this.hp = hp;
    this.hidden = hp.positiveInt("hidden");
    this.epochs = hp.positiveInt("epochs");
    this.learningRate = hp.positiveDouble("learningRate");
    this.batchSize = hp.positiveInt("batchSize");
    this.l2 = hp.nonNegativeDouble("l2");
  }

  static ModelTrainer create(Map<String, String> given) {
    return new MlpTrainer(Hyperparameters.of("mlp", Map.of(
        "hidden", "16", "epochs", "30", "learningRate", "0.01", "batchSize", "64", "l2", "0"), given));
  }

  @Override
  public String kind() {
    return "mlp";
  }

  @Override
  public TrainedModel fit(float[] x, int rows, int featureCount, int[] y, long seed) {
    TrainingData.check(x, rows, featureCount, y);
    int f = featureCount;
    int h = hidden;
    // Layout of theta: W1 [f][h] row-major, b1 [h], w2 [h], b2.
    int oB1 = f * h;
    int oW2 = oB1 + h;
    int oB2 = oW2 + h;
    double[] theta = new double[oB2 + 1];
    SplittableRandom rng = new SplittableRandom(seed);
    double limit1 = Math.sqrt(6.0 / f); // He-uniform: keeps ReLU activations' variance steady
    for (int i = 0; i < oB1; i++) {
      theta[i] = (rng.nextDouble() * 2 - 1) * limit1;
    }
    double limit2 = Math.sqrt(6.0 / (h + 1));
    for (int i = oW2; i < oB2; i++) {
      theta[i] = (rng.nextDouble() * 2 - 1) * limit2;
    }

    double[] grad = new double[theta.length];
    double[] m = new double[theta.length];
    double[] v = new double[theta.length];
    double[] pre = new double[h];
    double[] act = new double[h];
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    long step = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, rng);
      for (int start = 0; start < rows; start += batchSize) {
        int end = Math.min(rows, start + batchSize);
        java.util.Arrays.fill(grad, 0);
        for (int k = start; k < end; k++) {
          int base = order[k] * f;
          double z = theta[oB2];
          for (int j = 0; j < h; j++) {
            double a = theta[oB1 + j];
            for (int i = 0; i < f; i++) {
              a += x[base + i] * theta[i * h + j];
            }
            pre[j] = a;
            act[j] = a > 0 ? a : 0;
            z += act[j] * theta[oW2 + j];
          }
          double dz = sigmoid(z) - y[order[k]];
          grad[oB2] += dz;
          for (int j = 0; j < h; j++) {
            grad[oW2 + j] += dz * act[j];
            if (pre[j] > 0) {
              double da = dz * theta[oW2 + j];
              grad[oB1 + j] += da;
              for (int i = 0; i < f; i++) {
                grad[i * h + j] += da * x[base + i];
              }
            }
          }
        }
        step++;
        double scale = 1.0 / (end - start);
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int p = 0; p < theta.length; p++) {
          double g = grad[p] * scale + (p < oB1 || (p >= oW2 && p < oB2) ? l2 * theta[p] : 0);
          m[p] = BETA1 * m[p] + (1 - BETA1) * g;
          v[p] = BETA2 * v[p] + (1 - BETA2) * g * g;
          theta[p] -= learningRate * (m[p] / correction1) / (Math.sqrt(v[p] / correction2) + EPSILON);
        }
      }
    }
    Mlp mlp = new Mlp(f, h, toFloat(theta, 0, oB1), toFloat(theta, oB1, oW2), toFloat(theta, oW2, oB2),
        (float) theta[oB2]);
    return new TrainedModel("mlp", f, MlpGraph.write(mlp).toByteArray(), MlpGraph.INPUT, MlpGraph.OUTPUT, 0,
        MlpGraph.OPSET, hp.effective(), mlp::probability);
  }

  private static void shuffle(int[] order, SplittableRandom rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static float[] toFloat(double[] src, int from, int to) {
    float[] out = new float[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = (float) src[i];
    }
    return out;
  }

  /** The fitted weights in float32, as the ONNX graph holds them; {@code w1} is {@code [features][hidden]}. */
  record Mlp(int featureCount, int hidden, float[] w1, float[] b1, float[] w2, float b2) {

    /** The reference forward pass (double accumulation over the float32 weights). */
    double probability(float[] row) {
      double z = b2;
      for (int j = 0; j < hidden; j++) {
        double a = b1[j];
        for (int i = 0; i < featureCount; i++) {
          a += (double) row[i] * w1[i * hidden + j];
        }
        if (a > 0) {
          z += a * w2[j];
        }
      }
      return sigmoid(z);
    }
  }
}

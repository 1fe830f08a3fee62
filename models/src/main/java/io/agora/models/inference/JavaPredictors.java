package io.agora.models.inference;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain-Java evaluators for the graphs of the {@code logistic} and {@code mlp} kinds, with the weights read from the
 * ONNX initializers. They are the lower bound on inference cost that the ONNX Runtime path is measured against, and
 * a second implementation to check it with. Other graphs (factorization machines, ensembles) are refused.
 */
public final class JavaPredictors {
  private static final List<String> LINEAR = List.of("Gemm", "Softmax");
  private static final List<String> MLP = List.of("MatMul", "Add", "Relu", "MatMul", "Add", "Sigmoid");

  private JavaPredictors() {}

  /**
   * @throws InferenceException when the bytes are not an ONNX model, the graph is not one of the two known shapes,
   *     or its weights do not fit {@code binding}
   */
  public static Predictor fromOnnx(byte[] onnx, String name, ModelBinding binding, int maxBatch) {
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
    }
    OnnxMl.GraphProto graph;
    try {
      graph = OnnxMl.ModelProto.parseFrom(onnx).getGraph();
    } catch (InvalidProtocolBufferException e) {
      throw new InferenceException("cannot load model file " + name + " (not a valid ONNX model?): " + e.getMessage(),
          e);
    }
    List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      if (!"Identity".equals(node.getOpType())) {
        nodes.add(node);
        ops.add(node.getOpType());
      }
    }
    Map<String, OnnxMl.TensorProto> weights = new HashMap<>();
    graph.getInitializerList().forEach(t -> weights.put(t.getName(), t));
    Graph g = new Graph(name, nodes, weights, binding);
    if (ops.equals(LINEAR)) {
      return linear(g, maxBatch);
    }
    if (ops.equals(MLP)) {
      return mlp(g, maxBatch);
    }
    throw new InferenceException("model " + name + ": no plain-Java evaluator for a graph of " + ops
        + " (only the logistic and mlp kinds have one)");
  }

  /** Tribuo's softmax over two logits is the sigmoid of their difference: one dot product per row. */
  private static Predictor linear(Graph g, int maxBatch) {
    OnnxMl.NodeProto gemm = g.nodes().get(0);
    if (gemm.getAttributeCount() > 0) {
      throw new InferenceException("model " + g.name() + ": Gemm with attributes " + gemm.getAttributeList()
          + " is not the plain x·W + b this evaluator reads");
    }
    float[][] w = g.matrix(gemm.getInput(1));
    float[] b = g.vector(gemm.getInput(2));
    int f = g.binding().featureCount();
    if (w.length != f || w[0].length != 2 || b.length != 2) {
      throw new InferenceException("model " + g.name() + ": linear weights are [" + w.length + ", " + w[0].length
          + "], expected [" + f + ", 2] for " + f + " features and two labels");
    }
    int pos = g.binding().positiveIndex();
    int neg = 1 - pos;
    float[] diff = new float[f];
    for (int i = 0; i < f; i++) {
      diff[i] = w[i][pos] - w[i][neg];
    }
    return new LinearPredictor(g.name(), diff, b[pos] - b[neg], maxBatch);
  }

  private static Predictor mlp(Graph g, int maxBatch) {
    List<OnnxMl.NodeProto> n = g.nodes();
    float[][] w1 = g.matrix(n.get(0).getInput(1));
    float[] b1 = g.vector(n.get(1).getInput(1));
    float[][] w2 = g.matrix(n.get(3).getInput(1));
    float[] b2 = g.vector(n.get(4).getInput(1));
    int f = g.binding().featureCount();
    int h = b1.length;
    if (w1.length != f || w1[0].length != h || w2.length != h || w2[0].length != 1 || b2.length != 1
        || g.binding().positiveIndex() != 0) {
      throw new InferenceException("model " + g.name() + ": MLP weights W1 [" + w1.length + ", " + w1[0].length
          + "], W2 [" + w2.length + ", " + w2[0].length + "] do not fit " + f + " features and one output column");
    }
    // Stored per hidden unit so each unit is one contiguous dot product.
    float[] w1t = new float[h * f];
    float[] w2v = new float[h];
    for (int j = 0; j < h; j++) {
      for (int i = 0; i < f; i++) {
        w1t[j * f + i] = w1[i][j];
      }
      w2v[j] = w2[j][0];
    }
    return new MlpPredictor(g.name(), f, h, w1t, b1, w2v, b2[0], maxBatch);
  }

  private record Graph(String name, List<OnnxMl.NodeProto> nodes, Map<String, OnnxMl.TensorProto> weights,
      ModelBinding binding) {

    float[][] matrix(String key) {
      OnnxMl.TensorProto t = tensor(key, 2);
      int rows = (int) t.getDims(0);
      int cols = (int) t.getDims(1);
      float[] flat = floats(t, rows * cols);
      float[][] m = new float[rows][cols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(flat, r * cols, m[r], 0, cols);
      }
      return m;
    }

    float[] vector(String key) {
      OnnxMl.TensorProto t = tensor(key, 1);
      return floats(t, (int) t.getDims(0));
    }

    private OnnxMl.TensorProto tensor(String key, int rank) {
      OnnxMl.TensorProto t = weights.get(key);
      if (t == null || t.getDimsCount() != rank || t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
        throw new InferenceException("model " + name + ": weight '" + key + "' is missing or not a float tensor of rank "
            + rank);
      }
      return t;
    }

    private float[] floats(OnnxMl.TensorProto t, int count) {
      float[] out = new float[count];
      if (t.getFloatDataCount() == count) {
        for (int i = 0; i < count; i++) {
          out[i] = t.getFloatData(i);
        }
      } else if (t.getRawData().size() == count * Float.BYTES) {
        // ONNX stores raw tensor data little-endian whatever the platform.
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().get(out);
      } else {
        throw new InferenceException("model " + name + ": weight '" + t.getName() + "' does not hold " + count
            + " floats");
      }
      return out;
    }
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private abstract static class JavaPredictor implements Predictor {
    final String name;
    final int features;
    private final int maxBatch;

    JavaPredictor(String name, int features, int maxBatch) {
      this.name = name;
      this.features = features;
      this.maxBatch = maxBatch;
    }

    @Override
    public final int featureCount() {
      return features;
    }

    @Override
    public final int maxBatch() {
      return maxBatch;
    }

    @Override
    public final void predict(float[] x, int rows, float[] out) {
      Inputs.check(name, x, rows, features, out, maxBatch);
      for (int r = 0; r < rows; r++) {
        out[r] = (float) row(x, r * features);
      }
    }

    abstract double row(float[] x, int offset);

    @Override
    public final String provider() {
      return "java";
    }

    @Override
    public final void close() {
      // Nothing held outside the heap.
    }
  }

  private static final class LinearPredictor extends JavaPredictor {
    private final float[] w;
    private final float b;

    LinearPredictor(String name, float[] w, float b, int maxBatch) {
      super(name, w.length, maxBatch);
      this.w = w;
      this.b = b;
    }

    @Override
    double row(float[] x, int offset) {
      double z = b;
      for (int i = 0; i < w.length; i++) {
        z += x[offset + i] * w[i];
      }
      return sigmoid(z);
    }
  }

  private static final class MlpPredictor extends JavaPredictor {
    private final int hidden;
    private final float[] w1t;
    private final float[] b1;
    private final float[] w2;
    private final float b2;

    MlpPredictor(String name, int features, int hidden, float[] w1t, float[] b1, float[] w2, float b2, int maxBatch) {
      super(name, features, maxBatch);
      this.hidden = hidden;
      this.w1t = w1t;
      this.b1 = b1;
      this.w2 = w2;
      this.b2 = b2;
    }

    @Override
    double row(float[] x, int offset) {
      double z = b2;
      for (int j = 0, base = 0; j < hidden; j++, base += features) {
        double a = b1[j];
        for (int i = 0; i < features; i++) {
          a += x[offset + i] * w1t[base + i];
        }
        if (a > 0) {
          z += a * w2[j];
        }
      }
      return sigmoid(z);
    }
  }
}

package io.agora.models.training;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Writes an {@link MlpTrainer.Mlp} as ONNX: {@code MatMul → Add → Relu → MatMul → Add → Sigmoid}, one output column
 * (the positive probability). IR version 8 / opset 17: well inside what ONNX Runtime 1.29 reads.
 */
final class MlpGraph {
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final int OPSET = 17;
  static final int IR_VERSION = 8;

  private MlpGraph() {}

  static OnnxMl.ModelProto write(MlpTrainer.Mlp mlp) {
    int f = mlp.featureCount();
    int h = mlp.hidden();
    OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
        .setName("agora_mlp")
        .addInput(floatMatrix(INPUT, f))
        .addOutput(floatMatrix(OUTPUT, 1))
        .addInitializer(tensor("W1", mlp.w1(), f, h))
        .addInitializer(tensor("B1", mlp.b1(), h))
        .addInitializer(tensor("W2", mlp.w2(), h, 1))
        .addInitializer(tensor("B2", new float[] {mlp.b2()}, 1))
        .addNode(node("MatMul", "hidden_mm", INPUT, "W1"))
        .addNode(node("Add", "hidden_pre", "hidden_mm", "B1"))
        .addNode(node("Relu", "hidden_act", "hidden_pre"))
        .addNode(node("MatMul", "logit_mm", "hidden_act", "W2"))
        .addNode(node("Add", "logit", "logit_mm", "B2"))
        .addNode(node("Sigmoid", OUTPUT, "logit"))
        .build();
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("agora-models")
        .setDomain("io.agora.models.mlp")
        .setModelVersion(1)
        .setGraph(graph)
        .build();
  }

  private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
    OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
    for (String in : inputs) {
      b.addInput(in);
    }
    return b.build();
  }

  private static TensorProto tensor(String name, float[] values, long... dims) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      b.addDims(d);
    }
    for (float v : values) {
      b.addFloatData(v);
    }
    return b.build();
  }

  /** {@code [batch, columns]} float32, the batch dimension left symbolic. */
  private static OnnxMl.ValueInfoProto floatMatrix(String name, int columns) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
        .build();
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape)))
        .build();
  }
}

package io.agora.models.training;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Tribuo-backed kinds: logistic regression (linear SGD with log loss), factorization machine, and a bagged
 * ensemble of either. Tribuo exports each to ONNX with a softmax output over labels {@code 0} and {@code 1}.
 */
final class TribuoTrainer implements ModelTrainer {
  private static final LabelFactory LABELS = new LabelFactory();
  private static final Label POSITIVE = new Label("1");
  private static final Label NEGATIVE = new Label("0");
  private static final Set<String> OPTIMIZERS = Set.of("adagrad", "adam");
  private static final Set<String> MEMBERS = Set.of("logistic", "fm");
  // Tribuo logs the running loss every this many examples; -1 is its "never".
  private static final int NO_LOGGING = -1;

  private final String kind;
  private final Hyperparameters hp;
  private final LongFunction<Trainer<Label>> trainer;

  private TribuoTrainer(String kind, Hyperparameters hp, LongFunction<Trainer<Label>> trainer) {
    this.kind = kind;
    this.hp = hp;
    this.trainer = trainer;
  }

  static ModelTrainer logistic(Map<String, String> given) {
    Hyperparameters hp = Hyperparameters.of("logistic", sgdDefaults(), given);
    return new TribuoTrainer("logistic", hp, linear(hp));
  }

  static ModelTrainer fm(Map<String, String> given) {
    Map<String, String> defaults = sgdDefaults();
    defaults.putAll(fmDefaults());
    Hyperparameters hp = Hyperparameters.of("fm", defaults, given);
    return new TribuoTrainer("fm", hp, factorization(hp));
  }

  /**
   * Bagging: each member sees its own bootstrap sample; the fully weighted voting combiner averages the members'
   * probabilities, which Tribuo can export (the plain voting combiner would turn scores into 0/1 votes).
   */
  static ModelTrainer ensemble(Map<String, String> given) {
    Map<String, String> defaults = sgdDefaults();
    defaults.putAll(fmDefaults());
    defaults.put("members", "5");
    defaults.put("member", "logistic");
    Hyperparameters hp = Hyperparameters.of("ensemble", defaults, given);
    int members = hp.positiveInt("members");
    LongFunction<Trainer<Label>> inner =
        "fm".equals(hp.choice("member", MEMBERS)) ? factorization(hp) : linear(hp);
    return new TribuoTrainer("ensemble", hp,
        seed -> new BaggingTrainer<>(inner.apply(seed), new FullyWeightedVotingCombiner(), members, seed));
  }

  private static Map<String, String> sgdDefaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("epochs", "10");
    d.put("learningRate", "0.5");
    d.put("minibatchSize", "1");
    d.put("optimizer", "adagrad");
    return d;
  }

  private static Map<String, String> fmDefaults() {
    return Map.of("factors", "6", "variance", "0.1", "learningRate", "0.1");
  }

  private static LongFunction<Trainer<Label>> linear(Hyperparameters hp) {
    int epochs = hp.positiveInt("epochs");
    int minibatch = hp.positiveInt("minibatchSize");
    StochasticGradientOptimiserSpec opt = StochasticGradientOptimiserSpec.of(hp);
    return seed -> new LinearSGDTrainer(new LogMulticlass(), opt.create(), epochs, NO_LOGGING, minibatch, seed);
  }

  private static LongFunction<Trainer<Label>> factorization(Hyperparameters hp) {
    int epochs = hp.positiveInt("epochs");
    int minibatch = hp.positiveInt("minibatchSize");
    int factors = hp.positiveInt("factors");
    double variance = hp.positiveDouble("variance");
    StochasticGradientOptimiserSpec opt = StochasticGradientOptimiserSpec.of(hp);
    return seed -> new FMClassificationTrainer(new LogMulticlass(), opt.create(), epochs, NO_LOGGING, minibatch, seed,
        factors, variance);
  }

  /** Optimisers are stateful, so every training run gets a fresh one. */
  private record StochasticGradientOptimiserSpec(String name, double learningRate) {
    static StochasticGradientOptimiserSpec of(Hyperparameters hp) {
      return new StochasticGradientOptimiserSpec(hp.choice("optimizer", OPTIMIZERS), hp.positiveDouble("learningRate"));
    }

    StochasticGradientOptimiser create() {
      return "adam".equals(name) ? new Adam(learningRate, 0.9, 0.999, 1e-8) : new AdaGrad(learningRate, 0.1);
    }
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public TrainedModel fit(float[] x, int rows, int featureCount, int[] y, long seed) {
    TrainingData.check(x, rows, featureCount, y);
    String[] names = featureNames(featureCount);
    Dataset<Label> data = dataset(x, rows, featureCount, y, names);
    Model<Label> model = trainer.apply(seed).train(data);
    checkInputOrder(model.getFeatureIDMap(), names);
    OnnxMl.ModelProto proto = ((ONNXExportable) model).exportONNXModel("io.agora.models." + kind, 1L);
    OnnxMl.GraphProto graph = proto.getGraph();
    int positiveIndex = model.getOutputIDInfo().getID(POSITIVE);
    TrainedModel.ReferenceScorer reference = row -> model.predict(example(LabelFactory.UNKNOWN_LABEL, names, row, 0))
        .getOutputScores().get(POSITIVE.getLabel()).getScore();
    return new TrainedModel(kind, featureCount, proto.toByteArray(), graph.getInput(0).getName(),
        graph.getOutput(0).getName(), positiveIndex, opset(proto), hp.effective(), reference);
  }

  /**
   * Tribuo needs named features and numbers them in name order; zero-padded names make that order the row order,
   * so ONNX input column i is feature i.
   */
  static String[] featureNames(int featureCount) {
    int width = Math.max(3, Integer.toString(featureCount - 1).length());
    String[] names = new String[featureCount];
    for (int i = 0; i < featureCount; i++) {
      names[i] = "f" + String.format("%0" + width + "d", i);
    }
    return names;
  }

  private static Dataset<Label> dataset(float[] x, int rows, int featureCount, int[] y, String[] names) {
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("agora normalised feature rows", LABELS), LABELS);
    for (int r = 0; r < rows; r++) {
      data.add(example(y[r] == 1 ? POSITIVE : NEGATIVE, names, x, r * featureCount));
    }
    return data;
  }

  private static ArrayExample<Label> example(Label label, String[] names, float[] x, int offset) {
    double[] values = new double[names.length];
    for (int f = 0; f < names.length; f++) {
      values[f] = x[offset + f];
    }
    return new ArrayExample<>(label, names, values);
  }

  private static void checkInputOrder(ImmutableFeatureMap map, String[] names) {
    // Tribuo keeps even a column that is 0 in every row (checked); this guards the column order against a Tribuo
    // upgrade that starts dropping or renumbering features.
    if (map.size() != names.length) {
      throw new IllegalStateException("Tribuo kept " + map.size() + " of " + names.length + " features");
    }
    for (int i = 0; i < names.length; i++) {
      if (map.getID(names[i]) != i) {
        throw new IllegalStateException("Tribuo numbered feature " + names[i] + " as " + map.getID(names[i]));
      }
    }
  }

  static int opset(OnnxMl.ModelProto proto) {
    for (OnnxMl.OperatorSetIdProto op : proto.getOpsetImportList()) {
      if (op.getDomain().isEmpty() || "ai.onnx".equals(op.getDomain())) {
        return (int) op.getVersion();
      }
    }
    throw new IllegalStateException("exported graph imports no default-domain opset");
  }
}

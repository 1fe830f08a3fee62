package io.agora.bench;

import io.agora.models.inference.JavaPredictors;
import io.agora.models.inference.ModelBinding;
import io.agora.models.inference.OnnxPredictor;
import io.agora.models.inference.Predictor;
import io.agora.models.inference.Provider;
import io.agora.models.training.ModelTrainers;
import io.agora.models.training.TrainedModel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scoring cost of a trained model: ONNX Runtime ({@link OnnxPredictor}) against the plain-Java evaluation of the same
 * graph ({@link JavaPredictors}, the bound). The model is trained in {@code @Setup} on seeded synthetic rows (16
 * standard-normal features, a noisy non-linear label rule), so every fork scores the same weights.
 *
 * <ul>
 *   <li>{@code *SingleRow}: one row per {@code predict}; average time, µs per row.
 *   <li>{@code *Batch256}: 256 rows per {@code predict}; throughput counted per row, so the score is rows/s.
 *   <li>{@code onnxBatchN}: {@code -p batch=...} rows per {@code predict} (the GPU sweep); the score is batches/s, the
 *       secondary result {@code rows} is rows/s.
 * </ul>
 *
 * {@code -p provider=cuda} runs the ONNX benchmarks on CUDA and fails in setup when CUDA does not load;
 * {@code -p kind=fm} (or {@code ensemble}) works for the {@code onnx*} benchmarks only: those graphs have no
 * plain-Java evaluator. Each state prints a {@code [setup]} line on stderr with the provider that actually runs and a
 * check of its probabilities against the trainer's own scorer, so a run that measured the wrong thing shows in its log.
 */
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InferenceBenchmark {
  static final int FEATURES = 16;
  static final int TRAIN_ROWS = 20_000;
  static final long SEED = 42L;
  static final int BATCH = 256;
  /**
   * Distinct input rows the benchmarks cycle through, so that no call sees the inputs of the one before (nothing to
   * fold or predict). 4,096 rows of 16 floats (256 KiB) fit in L2: the figures are of scoring, not of memory.
   */
  static final int POOL = 4_096;
  /**
   * Tribuo logs each training run at INFO through java.util.logging, which lands in the middle of JMH's iteration
   * lines; held in a field because the logging framework keeps loggers only weakly, and would drop the level.
   */
  private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** The trained model and the input pool, shared by every state of a trial. */
  @State(Scope.Benchmark)
  public static class Model {
    @Param({"logistic", "mlp"})
    public String kind;

    TrainedModel model;
    ModelBinding binding;
    /** Pool rows one by one: a single-row call reads a whole array, as {@code predict} has no offset. */
    float[][] rows;
    /** The pool as consecutive batches of {@link #BATCH} rows. */
    float[][] batches;
    float[] poolX;
    int[] poolY;

    @Setup(Level.Trial)
    public void train() {
      Data train = data(TRAIN_ROWS, SEED);
      long t0 = System.nanoTime();
      model = ModelTrainers.create(kind, Map.of()).fit(train.x, TRAIN_ROWS, FEATURES, train.y, SEED);
      double seconds = (System.nanoTime() - t0) / 1e9;
      binding = ModelBinding.of(model);
      // Held out: drawn from another seed, so the accuracy printed below is on rows the model has not seen.
      Data pool = data(POOL, SEED + 1);
      poolX = pool.x;
      poolY = pool.y;
      rows = new float[POOL][];
      for (int r = 0; r < POOL; r++) {
        rows[r] = Arrays.copyOfRange(poolX, r * FEATURES, (r + 1) * FEATURES);
      }
      batches = new float[POOL / BATCH][];
      for (int b = 0; b < batches.length; b++) {
        batches[b] = Arrays.copyOfRange(poolX, b * BATCH * FEATURES, (b + 1) * BATCH * FEATURES);
      }
      System.err.printf(Locale.ROOT, "[setup] InferenceBenchmark %s: trained on %,d rows x %d features in %.1f s, "
          + "ONNX graph %,d B%n", kind, TRAIN_ROWS, FEATURES, seconds, model.onnx().length);
    }

    /** Scores the whole pool through {@code p} and prints its accuracy and largest gap to the trainer's scorer. */
    void check(Predictor p, String what) {
      float[] out = new float[BATCH];
      int correct = 0;
      double maxGap = 0;
      for (int b = 0; b < batches.length; b++) {
        p.predict(batches[b], BATCH, out);
        for (int i = 0; i < BATCH; i++) {
          int r = b * BATCH + i;
          if ((out[i] >= 0.5f ? 1 : 0) == poolY[r]) {
            correct++;
          }
          maxGap = Math.max(maxGap, Math.abs(out[i] - model.reference().probability(rows[r])));
        }
      }
      System.err.printf(Locale.ROOT, "[setup] InferenceBenchmark %s %s: runs on %s, held-out accuracy %.3f over %,d "
          + "rows, max |p - trainer's p| %.2e%n", kind, what, p.provider(), correct / (double) POOL, POOL, maxGap);
      // A gap this large means the scorer under test computes something else: its timings would mean nothing.
      if (!(maxGap < 1e-3)) {
        throw new IllegalStateException(what + " disagrees with the trainer's scorer by " + maxGap);
      }
    }
  }

  /** ONNX Runtime session for batches of up to {@link #BATCH} rows, on {@code provider}. */
  @State(Scope.Thread)
  public static class Onnx {
    @Param({"cpu"})
    public String provider;

    OnnxPredictor predictor;
    final float[] out = new float[BATCH];
    int nextRow;
    int nextBatch;

    @Setup(Level.Trial)
    public void open(Model m) {
      predictor = OnnxPredictor.open(m.model.onnx(), "bench-" + m.kind, m.binding, Provider.parse(provider), BATCH);
      m.check(predictor, "onnx (provider " + provider + ")");
    }

    @TearDown(Level.Trial)
    public void close() {
      predictor.close();
    }
  }

  /** The plain-Java evaluation of the same graph. */
  @State(Scope.Thread)
  public static class Java {
    Predictor predictor;
    final float[] out = new float[BATCH];
    int nextRow;
    int nextBatch;

    @Setup(Level.Trial)
    public void open(Model m) {
      predictor = JavaPredictors.fromOnnx(m.model.onnx(), "bench-" + m.kind, m.binding, BATCH);
      m.check(predictor, "java");
    }
  }

  /** A session of its own sized to {@code batch}, on the {@link Onnx} state's provider. */
  @State(Scope.Thread)
  public static class Sweep {
    @Param({"16", "1024", "8192"})
    public int batch;

    OnnxPredictor predictor;
    float[][] inputs;
    float[] out;
    int next;

    @Setup(Level.Trial)
    public void open(Model m, Onnx onnx) {
      predictor = OnnxPredictor.open(m.model.onnx(), "bench-" + m.kind + "-" + batch, m.binding,
          Provider.parse(onnx.provider), batch);
      // At least two batches, so consecutive calls never see the same input; large batches repeat pool rows.
      inputs = new float[Math.max(2, POOL / batch)][batch * FEATURES];
      for (int b = 0; b < inputs.length; b++) {
        for (int r = 0; r < batch; r++) {
          int src = (b * batch + r + b) % POOL;
          System.arraycopy(m.poolX, src * FEATURES, inputs[b], r * FEATURES, FEATURES);
        }
      }
      out = new float[batch];
    }

    @TearDown(Level.Trial)
    public void close() {
      predictor.close();
    }
  }

  /** Rows scored, reported by JMH as a rate next to the batches/s of {@code onnxBatchN}. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rows {
    public long rows;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void onnxSingleRow(Model m, Onnx s, Blackhole bh) {
    s.predictor.predict(m.rows[s.nextRow++ & (POOL - 1)], 1, s.out);
    bh.consume(s.out[0]);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void onnxBatch256(Model m, Onnx s, Blackhole bh) {
    s.predictor.predict(m.batches[s.nextBatch++ & (POOL / BATCH - 1)], BATCH, s.out);
    bh.consume(s.out);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void javaSingleRow(Model m, Java s, Blackhole bh) {
    s.predictor.predict(m.rows[s.nextRow++ & (POOL - 1)], 1, s.out);
    bh.consume(s.out[0]);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void javaBatch256(Model m, Java s, Blackhole bh) {
    s.predictor.predict(m.batches[s.nextBatch++ & (POOL / BATCH - 1)], BATCH, s.out);
    bh.consume(s.out);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void onnxBatchN(Sweep s, Rows counter, Blackhole bh) {
    float[] x = s.inputs[s.next];
    s.next = s.next + 1 == s.inputs.length ? 0 : s.next + 1;
    s.predictor.predict(x, s.batch, s.out);
    counter.rows += s.batch;
    bh.consume(s.out);
  }

  record Data(float[] x, int[] y) {}

  /**
   * Learnable, not linearly separable: standard-normal features, the label a noisy rule over the first six (linear
   * terms, an interaction, a curvature and a periodic term); the other ten are noise, as weak features are.
   */
  static Data data(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n * FEATURES];
    int[] y = new int[n];
    for (int r = 0; r < n; r++) {
      int b = r * FEATURES;
      for (int f = 0; f < FEATURES; f++) {
        x[b + f] = (float) gaussian(rng);
      }
      double z = 1.2 * x[b] - 0.8 * x[b + 1] + 1.5 * x[b + 2] * x[b + 3] + 0.7 * (x[b + 4] * x[b + 4] - 1)
          + Math.sin(2 * x[b + 5]) + 0.5 * gaussian(rng);
      y[r] = z > 0 ? 1 : 0;
    }
    return new Data(x, y);
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}

package com.example.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scores 100,000 generated customers in Spark, in local mode on two cores, and checks every score
 * against {@code Churn} called directly on the same rows in this JVM, to the bit.
 */
class SparkScoringTest {
  static final int ROWS = 100_000;
  static final long SEED = 2026;

  @TempDir
  static Path dir;

  static SparkSession spark;
  /** The table as Spark reads it back from Parquet. */
  static Dataset<Row> customers;
  /** Row {@code id}'s features at {@code id * 32}, as read back from the Parquet file. */
  static float[] features;
  /** Row {@code id}'s probability from {@code Churn} called directly, in batches of 256. */
  static float[] expected;

  @BeforeAll
  static void writeTheTableAndScoreItDirectly() throws IOException {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("SparkScoringTest")
        .config("spark.ui.enabled", false)
        .getOrCreate();
    String table = dir.resolve("customers.parquet").toString();
    CustomerTable.generate(spark, ROWS, 3, SEED).write().parquet(table);
    customers = spark.read().parquet(table);

    features = new float[ROWS * CustomerTable.FEATURES];
    for (Row row : customers.collectAsList()) {
      int at = Math.toIntExact(row.getLong(0)) * CustomerTable.FEATURES;
      for (int j = 0; j < CustomerTable.FEATURES; j++) {
        features[at + j] = row.getFloat(1 + j);
      }
    }
    expected = settledScores(Churn.fromResource());
  }

  /**
   * The scores of every row, in batches of 256, once two passes in a row agree to the bit. The
   * sigmoid's exp is the Vector API's, whose interpreted form (Java's Math.exp) and compiled form
   * (a vector intrinsic) differ in the last bit for about 1% of inputs: rows scored before C2 has
   * compiled the kernel can differ from the same rows scored after. The factory's warm-up
   * compiles the kernels first, but gives up after -Dnetc.warmup.millis (raised in the pom), so a
   * reference is only taken from a network whose results have stopped changing.
   */
  static float[] settledScores(Churn network) {
    float[] previous = new float[ROWS];
    scoreInBatches(network, ChurnScorer.DEFAULT_BATCH, previous);
    for (int pass = 1; pass < 10; pass++) {
      float[] scores = new float[ROWS];
      scoreInBatches(network, ChurnScorer.DEFAULT_BATCH, scores);
      if (Arrays.equals(previous, scores)) {
        if (pass > 1) {
          System.out.println("the direct scores settled after " + (pass + 1) + " passes");
        }
        return scores;
      }
      previous = scores;
    }
    throw new AssertionError("the direct scores of the same rows still changed after 10 passes");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  @DisplayName("the generated table reads back as generated, and its scores are probabilities")
  void theTableIsTheGeneratedOne() {
    float[] row = new float[CustomerTable.FEATURES];
    for (int id : new int[] {0, 1, 12_345, ROWS - 1}) {
      CustomerTable.features(SEED, id, row, 0);
      assertEquals(Arrays.toString(row), Arrays.toString(
          Arrays.copyOfRange(features, id * CustomerTable.FEATURES, (id + 1) * CustomerTable.FEATURES)));
    }
    for (float p : expected) {
      if (!(p > 0f && p < 1f)) {
        throw new AssertionError("not a probability: " + p);
      }
    }
  }

  @Test
  @DisplayName("Spark's scores, written as Parquet and read back, are those of Churn called directly, bit for bit")
  void sparkScoresEqualDirectCalls() {
    String out = dir.resolve("scores.parquet").toString();
    ScoreCustomers.score(customers).write().parquet(out);
    assertScoresEqualExpected(spark.read().parquet(out), "Parquet to Parquet, " + customers.rdd().getNumPartitions()
        + " partition(s) as read");
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {2, 7})
  @DisplayName("repartitioning the table, which moves every batch boundary, changes no score by a bit")
  void partitioningChangesNoScore(int partitions) {
    Dataset<Row> repartitioned = customers.repartition(partitions);
    assertEquals(partitions, repartitioned.rdd().getNumPartitions());
    assertScoresEqualExpected(ScoreCustomers.score(repartitioned), partitions + " partitions");
  }

  @Test
  @DisplayName("a CSV table scores as its Parquet copy does")
  void csvScoresAsParquet() {
    String csv = dir.resolve("customers.csv").toString();
    customers.write().option("header", true).csv(csv);
    assertScoresEqualExpected(ScoreCustomers.score(ScoreCustomers.read(spark, csv)), "from CSV");
  }

  @ParameterizedTest(name = "batches of {0}")
  @ValueSource(ints = {1, 2, 3, 11, 12, 13, 23, 255, 257, 1000, 4096})
  @DisplayName("a row's score does not depend on the rows batched with it")
  void batchMatesChangeNoScore(int batch) throws IOException {
    // Batches of 1 take the one-row kernel (GEMV), the others every GEMM tile height (12, 8, 4,
    // 2, 1) in different mixes, and batch offsets other than 0. From 1024 rows a batch is above
    // netc's threshold for splitting a layer's rows over a second thread (Parallel.DEFAULT_THRESHOLD,
    // 2^21 multiply-adds), which 4096 crosses on a machine of two cores or more.
    float[] scores = new float[ROWS];
    scoreInBatches(Churn.fromResource(), batch, scores);
    assertBitwiseEqual(expected, scores, "batches of " + batch);
  }

  @Test
  @DisplayName("prints the rows per second of Spark and of a single-JVM loop over the same rows")
  void throughput() throws IOException {
    Churn network = Churn.fromResource();
    float[] scores = new float[ROWS];
    double loop = Double.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      scoreInBatches(network, ChurnScorer.DEFAULT_BATCH, scores);
      loop = Math.min(loop, (System.nanoTime() - start) / 1e9);
    }

    // The table in memory, so that the Spark figure is the scoring's, not Parquet's; written to
    // Spark's "noop" sink, which runs the whole plan and discards the rows.
    Dataset<Row> cached = customers.repartition(2).cache();
    assertEquals(ROWS, cached.count());
    double inSpark = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      ScoreCustomers.score(cached).write().format("noop").mode("overwrite").save();
      inSpark = Math.min(inSpark, (System.nanoTime() - start) / 1e9);
    }
    double fileToFile = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      String out = dir.resolve("throughput-" + run + ".parquet").toString();
      long start = System.nanoTime();
      ScoreCustomers.score(customers).write().parquet(out);
      fileToFile = Math.min(fileToFile, (System.nanoTime() - start) / 1e9);
    }
    cached.unpersist();

    System.out.printf(Locale.ROOT, "%nrows per second, %,d rows, best of several runs (not a JMH measurement):%n", ROWS);
    System.out.printf(Locale.ROOT, "  single-JVM loop, one thread, batches of %d:      %,12.0f%n",
        ChurnScorer.DEFAULT_BATCH, ROWS / loop);
    System.out.printf(Locale.ROOT, "  Spark local[2], cached table, noop sink:         %,12.0f%n", ROWS / inSpark);
    System.out.printf(Locale.ROOT, "  Spark local[2], Parquet to Parquet:              %,12.0f%n", ROWS / fileToFile);
  }

  static void scoreInBatches(Churn network, int batch, float[] scores) {
    for (int from = 0; from < ROWS; from += batch) {
      int n = Math.min(batch, ROWS - from);
      network.forward(features, from * CustomerTable.FEATURES, n, scores, from);
    }
  }

  static void assertScoresEqualExpected(Dataset<Row> scores, String what) {
    List<Row> rows = scores.collectAsList();
    assertEquals(ROWS, rows.size(), what + ": rows scored");
    float[] actual = new float[ROWS];
    boolean[] seen = new boolean[ROWS];
    for (Row row : rows) {
      int id = Math.toIntExact(row.getLong(0));
      if (seen[id]) {
        throw new AssertionError(what + ": id " + id + " scored twice");
      }
      seen[id] = true;
      actual[id] = row.getFloat(1);
    }
    assertBitwiseEqual(expected, actual, what);
  }

  static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        differences.add(String.format(Locale.ROOT, "id %d: %s, expected %s", i,
            Float.toHexString(actual[i]), Float.toHexString(expected[i])));
      }
    }
    if (!differences.isEmpty()) {
      throw new AssertionError(what + ": " + differences.size() + " of " + expected.length
          + " scores differ from Churn called directly, first: " + differences.subList(0, Math.min(5, differences.size())));
    }
  }
}

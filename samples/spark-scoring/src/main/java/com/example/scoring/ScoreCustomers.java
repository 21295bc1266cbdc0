package com.example.scoring;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark application: scores a customer table and writes the scores as Parquet.
 *
 * <pre>
 * ScoreCustomers INPUT OUTPUT         score INPUT (Parquet, or CSV with a header if it ends in .csv)
 * ScoreCustomers --generate N OUTPUT  write a generated table of N customers (Parquet, or CSV)
 * </pre>
 *
 * <p>Run it with {@code spark-submit} (see the README for the options the JVMs need), or from
 * Maven in local mode with {@code mvn -q compile exec:exec}. Without a master set, it runs in
 * local mode on every core.
 */
public final class ScoreCustomers {
  /** The seed of the tables {@code --generate} writes. */
  public static final long SEED = 17;

  private ScoreCustomers() {}

  public static void main(String[] args) {
    boolean generate = args.length == 3 && args[0].equals("--generate");
    if (!generate && args.length != 2) {
      System.err.println("usage: ScoreCustomers INPUT OUTPUT | ScoreCustomers --generate N OUTPUT"
          + " (a path ending in .csv is CSV with a header, any other Parquet)");
      System.exit(2);
    }
    SparkSession spark = session();
    try {
      if (generate) {
        long rows = Long.parseLong(args[1]);
        int partitions = spark.sparkContext().defaultParallelism();
        write(CustomerTable.generate(spark, rows, partitions, SEED), args[2]);
        System.out.printf(Locale.ROOT, "wrote %,d customers to %s%n", rows, args[2]);
      } else {
        long start = System.nanoTime();
        score(read(spark, args[0])).write().mode(SaveMode.Overwrite).parquet(args[1]);
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = spark.read().parquet(args[1]).count();
        System.out.printf(Locale.ROOT, "scored %,d customers in %.1f s (%,.0f rows/s), wrote %s%n",
            rows, seconds, rows / seconds, args[1]);
      }
    } finally {
      spark.stop();
    }
  }

  /** The scores of {@code customers}, {@code (id, probability)}, partitioned as {@code customers} is. */
  public static Dataset<Row> score(Dataset<Row> customers) {
    return customers.mapPartitions(new ChurnScorer(customers.schema()), Encoders.row(CustomerTable.SCORES));
  }

  /** The customer table at {@code path}: CSV with a header if the name ends in {@code .csv}, else Parquet. */
  public static Dataset<Row> read(SparkSession spark, String path) {
    if (isCsv(path)) {
      // An explicit schema: CSV carries no types, and inferring them reads the file twice.
      return spark.read().schema(CustomerTable.SCHEMA).option("header", true).csv(path);
    }
    return spark.read().parquet(path);
  }

  private static void write(Dataset<Row> table, String path) {
    if (isCsv(path)) {
      table.write().mode(SaveMode.Overwrite).option("header", true).csv(path);
    } else {
      table.write().mode(SaveMode.Overwrite).parquet(path);
    }
  }

  private static boolean isCsv(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  private static SparkSession session() {
    SparkSession.Builder builder = SparkSession.builder().appName("netc churn scoring");
    if (!System.getProperties().containsKey("spark.master")) {
      builder.master("local[*]");
    }
    return builder.getOrCreate();
  }
}

package com.example.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table this sample scores: one row per customer, a {@code long} id and 32 {@code float}
 * feature columns {@code f00} to {@code f31}, and a generator of such tables.
 *
 * <p>The generator draws each row from its id alone, so a table of any size comes out the same
 * however Spark splits the work. The features have the scales {@code make_weights.py} trained the
 * network on: feature {@code i} is {@code scale(i) * z + offset(i)} for a standard normal
 * {@code z}.
 */
public final class CustomerTable {
  /** The number of feature columns, the network's input width. */
  public static final int FEATURES = 32;

  /** The id column's name. */
  public static final String ID = "id";

  /** The schema of a customer table: {@code id} then {@code f00} to {@code f31}. */
  public static final StructType SCHEMA = schema();

  /** The schema of the scores: {@code id} and {@code probability}, the network's output. */
  public static final StructType SCORES = new StructType(new StructField[] {
      DataTypes.createStructField(ID, DataTypes.LongType, false),
      DataTypes.createStructField("probability", DataTypes.FloatType, false),
  });

  private CustomerTable() {}

  /** The name of feature column {@code i}: {@code f00} to {@code f31}. */
  public static String featureColumn(int i) {
    return String.format(Locale.ROOT, "f%02d", i);
  }

  /** Writes the features of customer {@code id} of the table drawn with {@code seed} into {@code out} from {@code offset}. */
  public static void features(long seed, long id, float[] out, int offset) {
    // One generator per row, seeded by the row: the draw does not depend on which rows came before.
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    for (int i = 0; i < FEATURES; i++) {
      out[offset + i] = (float) (scale(i) * random.nextGaussian() + offset(i));
    }
  }

  /** A table of {@code rows} customers, ids 0 to {@code rows - 1}, drawn with {@code seed} in {@code partitions} partitions. */
  public static Dataset<Row> generate(SparkSession spark, long rows, int partitions, long seed) {
    MapFunction<Long, Row> row = id -> {
      float[] features = new float[FEATURES];
      features(seed, id, features, 0);
      Object[] values = new Object[1 + FEATURES];
      values[0] = id;
      for (int i = 0; i < FEATURES; i++) {
        values[1 + i] = features[i];
      }
      return RowFactory.create(values);
    };
    return spark.range(0, rows, 1, partitions).map(row, Encoders.row(SCHEMA));
  }

  private static double scale(int i) {
    return 1.0 + (i % 7) * 3.0;
  }

  private static double offset(int i) {
    return (i % 5) * 10.0 - 20.0;
  }

  private static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ID, DataTypes.LongType, false));
    for (int i = 0; i < FEATURES; i++) {
      fields.add(DataTypes.createStructField(featureColumn(i), DataTypes.FloatType, false));
    }
    return DataTypes.createStructType(fields);
  }
}

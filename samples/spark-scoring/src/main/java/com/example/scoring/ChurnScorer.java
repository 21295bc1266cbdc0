package com.example.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a partition of customers: {@code (id, f00, ..., f31)} rows in, {@code (id, probability)}
 * rows out, in the same order.
 *
 * <p>Rows are gathered into batches of {@link #DEFAULT_BATCH} (the last one of a partition is
 * shorter) and each batch is one call of {@code Churn}'s allocation-free {@code forward}, into
 * arrays the partition's iterator allocates once. The rows stream through: a partition is never
 * held in memory whole.
 *
 * <p>The network is loaded once per JVM, by the first task that needs it, and shared by every task
 * of that executor (a {@code Churn} is immutable and safe to share between threads; each thread
 * gets its own scratch memory). What Spark serializes and ships with each task is this object: a
 * batch size and the positions of the columns, not the weights, which are a resource in the
 * application jar beside the class.
 */
public final class ChurnScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows per call of {@code forward}: enough for whole 12-row tiles to dominate, small enough to stay in L1/L2. */
  public static final int DEFAULT_BATCH = 256;

  private final int batch;
  private final int idColumn;
  private final int[] featureColumns;

  /** A scorer of rows of {@code schema}, which has an {@code id} column and the 32 feature columns as floats, in any order. */
  public ChurnScorer(StructType schema) {
    this(schema, DEFAULT_BATCH);
  }

  /** A scorer that calls {@code forward} on up to {@code batch} rows at a time. */
  public ChurnScorer(StructType schema, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + batch);
    }
    this.batch = batch;
    this.idColumn = column(schema, CustomerTable.ID, DataTypes.LongType);
    this.featureColumns = new int[CustomerTable.FEATURES];
    for (int i = 0; i < featureColumns.length; i++) {
      featureColumns[i] = column(schema, CustomerTable.featureColumn(i), DataTypes.FloatType);
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Batches(rows, LoadedNetwork.CHURN, batch, idColumn, featureColumns);
  }

  /**
   * The network of this JVM. A holder class: the JVM initializes it once, on first use, under its
   * own lock, so the first task of each executor loads it and the others wait for that. Loading
   * includes netc's warm-up of the kernels; until it has finished, the sigmoid's last bit can
   * differ (the README's "What can change a score's last bit"), which
   * {@code -Dnetc.warmup.millis} on the executors bounds.
   */
  static final class LoadedNetwork {
    static final Churn CHURN = load();

    private LoadedNetwork() {}

    private static Churn load() {
      try {
        // Spark already runs one task per core. netc would split a layer's rows over a thread of
        // its own from 2^21 multiply-adds a call (1024 rows of this network's first layer):
        // not at 256 rows, but with larger batches, on cores Spark keeps busy.
        return Churn.fromResource().withExecutor(null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the weights resource " + Churn.WEIGHTS_RESOURCE, e);
      }
    }
  }

  /** The scores of one partition, computed a batch ahead of the rows handed out. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Churn network;
    private final int idColumn;
    private final int[] featureColumns;
    private final long[] ids;
    private final float[] features;
    private final float[] probabilities;
    private int size;
    private int next;

    Batches(Iterator<Row> rows, Churn network, int batch, int idColumn, int[] featureColumns) {
      this.rows = rows;
      this.network = network;
      this.idColumn = idColumn;
      this.featureColumns = featureColumns;
      this.ids = new long[batch];
      this.features = new float[batch * CustomerTable.FEATURES];
      this.probabilities = new float[batch];
    }

    @Override
    public boolean hasNext() {
      if (next == size) {
        fill();
      }
      return next < size;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      return RowFactory.create(ids[i], probabilities[i]);
    }

    private void fill() {
      size = 0;
      next = 0;
      int width = featureColumns.length;
      while (size < ids.length && rows.hasNext()) {
        Row row = rows.next();
        ids[size] = row.getLong(idColumn);
        int at = size * width;
        for (int j = 0; j < width; j++) {
          features[at + j] = row.getFloat(featureColumns[j]);
        }
        size++;
      }
      if (size > 0) {
        network.forward(features, 0, size, probabilities, 0);
      }
    }
  }

  private static int column(StructType schema, String name, DataType type) {
    int index;
    try {
      index = schema.fieldIndex(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the table has no column " + name + ": " + schema.simpleString(), e);
    }
    if (!schema.fields()[index].dataType().equals(type)) {
      throw new IllegalArgumentException("column " + name + " is " + schema.fields()[index].dataType().simpleString()
          + ", not " + type.simpleString() + ": read the table with CustomerTable.SCHEMA");
    }
    return index;
  }
}

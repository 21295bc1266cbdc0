/**
 * Scores a table of customers with a netc-compiled network in Apache Spark.
 *
 * <p>{@link com.example.scoring.ScoreCustomers} is the Spark application: it reads the table
 * (Parquet or CSV), scores it with {@link com.example.scoring.ChurnScorer} in
 * {@code mapPartitions}, and writes one probability per customer as Parquet.
 * {@link com.example.scoring.CustomerTable} describes and generates the table.
 * {@code Churn}, the network, is generated at build time from
 * {@code src/main/nn/com/example/scoring/churn.nn}; its weights are a resource beside it in the
 * application jar, so they reach every executor with the code.
 */
package com.example.scoring;

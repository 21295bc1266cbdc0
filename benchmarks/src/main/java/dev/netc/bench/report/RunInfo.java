package dev.netc.bench.report;

import java.util.List;

/**
 * How a JMH run was made, as its JSON records it.
 *
 * @param jdk the JDK version and VM, e.g. {@code 25 (OpenJDK 64-Bit Server VM 25+36-LTS)}
 * @param iterations per distinct iteration setting, the setting and the benchmark methods that
 *     used it, e.g. {@code 2 x 1 s warm-up, 5 x 1 s measured: netc, ortNewTensor}
 * @param forks the forks per benchmark (the first result's)
 */
public record RunInfo(String jdk, List<String> iterations, int forks) {}

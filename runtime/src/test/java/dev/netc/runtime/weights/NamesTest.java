package dev.netc.runtime.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void closestAgreesWithSortingEveryCandidate() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        names.add(randomName(random));
      }
      String wanted = randomName(random);
      List<String> expected =
          names.stream()
              .distinct()
              .sorted(
                  Comparator.comparingInt(
                          (String n) -> Names.editDistance(wanted, n, Integer.MAX_VALUE))
                      .thenComparing(Comparator.naturalOrder()))
              .limit(5)
              .toList();
      assertThat(Names.closest(wanted, names.stream().distinct().toList(), 5))
          .as("closest to %s", wanted)
          .isEqualTo(expected);
    }
  }

  @Test
  void editDistance() {
    assertThat(Names.editDistance("fc1.weight", "fc1.weigth", Integer.MAX_VALUE)).isEqualTo(2);
    assertThat(Names.editDistance("", "abc", Integer.MAX_VALUE)).isEqualTo(3);
    assertThat(Names.editDistance("abcdef", "a", 2)).isGreaterThan(2);
  }

  @Test
  void quoteEscapesAndShortens() {
    assertThat(Names.quote("a\"b\\c\nd\u0000")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0000\"");
    assertThat(Names.quote("x".repeat(500))).startsWith("\"xxx").endsWith("\"... (500 characters)");
    assertThat(Names.quote("\uD800alone")).isEqualTo("\"\\ud800alone\"");
    assertThat(Names.quote("😀")).isEqualTo("\"😀\"");
  }

  private static String randomName(Random random) {
    String[] parts = {"fc1", "fc2", "conv", "weight", "bias", "norm", "scale", "embed", "0", "1"};
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ".").append(parts[random.nextInt(parts.length)]);
    }
    return sb.toString();
  }
}

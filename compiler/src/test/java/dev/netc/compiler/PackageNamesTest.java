package dev.netc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackageNamesTest {
  @Test
  void theFolderIsThePackage() {
    assertThat(PackageNames.fromSpecPath("com/example/iris.nn")).isEqualTo("com.example");
    assertThat(PackageNames.fromSpecPath("com\\example\\iris.nn")).isEqualTo("com.example");
    assertThat(PackageNames.fromSpecPath("iris.nn")).isEmpty();
  }

  @Test
  void problemsNameThePartThatIsWrong() {
    assertThat(PackageNames.problem("com.example")).isEmpty();
    assertThat(PackageNames.problem("")).isEmpty();
    assertThat(PackageNames.problem("my-nets")).contains("`my-nets` is not a Java identifier");
    assertThat(PackageNames.problem("com.class.x")).contains("`class` is a Java keyword");
    assertThat(PackageNames.problem("com..x")).contains("it has an empty part");
  }
}

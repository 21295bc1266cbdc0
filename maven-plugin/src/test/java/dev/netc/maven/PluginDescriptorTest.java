package dev.netc.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The generated plugin descriptor: what {@code mvn help:describe} and {@code mvn netc:help} show. */
class PluginDescriptorTest {
  private static Document descriptor() throws Exception {
    Path file = Path.of(System.getProperty("netc.pluginDescriptor", "target/classes/META-INF/maven/plugin.xml"));
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String child(Element e, String name) {
    NodeList nodes = e.getElementsByTagName(name);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
  }

  @Test
  void everyGoalIsThreadSafeAndBoundToItsPhase() throws Exception {
    NodeList mojos = descriptor().getElementsByTagName("mojo");
    List<String> goals = new ArrayList<>();
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = child(mojo, "goal");
      goals.add(goal);
      assertThat(child(mojo, "threadSafe")).as(goal).isEqualTo("true");
      assertThat(child(mojo, "description")).as(goal).isNotEmpty();
      switch (goal) {
        case "generate" -> assertThat(child(mojo, "phase")).isEqualTo("generate-sources");
        case "generate-test" -> assertThat(child(mojo, "phase")).isEqualTo("generate-test-sources");
        default -> { }
      }
    }
    assertThat(goals).contains("generate", "generate-test", "help");
  }

  @Test
  void everyParameterHasADescription() throws Exception {
    NodeList mojos = descriptor().getElementsByTagName("mojo");
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      if (child(mojo, "goal").equals("help")) {
        continue;
      }
      NodeList params = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
      for (int j = 0; j < params.getLength(); j++) {
        Element p = (Element) params.item(j);
        String name = child(mojo, "goal") + ":" + child(p, "name");
        parameters.add(name);
        assertThat(child(p, "description")).as(name).isNotBlank();
      }
    }
    assertThat(parameters).contains("generate:sourceDirectory", "generate:includes", "generate:excludes",
        "generate:outputDirectory", "generate:resourceOutputDirectory", "generate:packageName",
        "generate:failOnWarning", "generate:skip", "generate:foldLinear", "generate:vectorBits",
        "generate:tile", "generate:l2Kib", "generate:l3Kib", "generate:release",
        "generate-test:sourceDirectory", "generate-test:outputDirectory");
  }
}

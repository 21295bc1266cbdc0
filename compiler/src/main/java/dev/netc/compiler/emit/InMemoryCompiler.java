package dev.netc.compiler.emit;

import dev.netc.compiler.GeneratedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with the JDK's javac, in memory, and loads them
 * with their resources: how {@code netc run} tries a network without a build,
 * and how tests run generated code.
 */
public final class InMemoryCompiler {
  private InMemoryCompiler() {}

  /** The compiled classes, loadable by name, with the resources among {@code files} beside them. */
  public static ClassLoader compile(List<GeneratedFile> files, ClassLoader parent) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("this Java runtime has no compiler (javax.tools): run netc on a JDK, not a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    JavaFileManager memory = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            classes.put(className, out);
            return out;
          }
        };
      }
    };
    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, byte[]> resources = new HashMap<>();
    for (GeneratedFile f : files) {
      if (f.kind() == GeneratedFile.Kind.SOURCE) {
        sources.add(new SimpleJavaFileObject(URI.create("mem:///" + f.path()), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return f.text();
          }
        });
      } else {
        resources.put(f.path(), f.bytes());
      }
    }
    List<String> options = List.of("--add-modules", "jdk.incubator.vector", "-proc:none", "-Xlint:-incubating",
        "-classpath", System.getProperty("java.class.path"));
    StringWriter output = new StringWriter();
    boolean ok = javac.getTask(output, memory, diagnostics, options, null, sources).call();
    if (!ok) {
      StringBuilder message = new StringBuilder("the generated code of "
          + files.stream().map(GeneratedFile::network).distinct().toList() + " does not compile:");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        message.append('\n').append(d);
      }
      throw new IllegalStateException(message.toString());
    }
    Map<String, byte[]> bytes = new HashMap<>();
    classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
    return new MemoryClassLoader(bytes, resources, parent);
  }

  /** The class files' bytes, for checks such as method sizes. */
  public static Map<String, byte[]> classBytes(ClassLoader loader) {
    return loader instanceof MemoryClassLoader m ? m.classes : Map.of();
  }

  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;
    /** By path from the class path's root, as {@link GeneratedFile#path()} names them. */
    private final Map<String, byte[]> resources;

    MemoryClassLoader(Map<String, byte[]> classes, Map<String, byte[]> resources, ClassLoader parent) {
      super(parent);
      this.classes = classes;
      this.resources = resources;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      byte[] resource = resources.get(name);
      if (resource != null) {
        return new ByteArrayInputStream(resource);
      }
      return super.getResourceAsStream(name);
    }
  }
}

// The quickstart built in two folders (and by two users) gives the same bytes: every generated
// source and resource, every class, and the jar, entry by entry and as a whole.
import java.security.MessageDigest
import java.util.jar.JarFile

def first = new File(basedir, 'first/quickstart')
def second = new File(basedir, 'second/checked-out/elsewhere')

def files(File root) {
  def found = [:]
  root.eachFileRecurse(groovy.io.FileType.FILES) { f ->
    found[root.toPath().relativize(f.toPath()).toString().replace('\\', '/')] = f
  }
  found
}

def sha(File f) { MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }

def compared = 0
for (dir in ['target/generated-sources/netc', 'target/classes']) {
  def a = files(new File(first, dir))
  def b = files(new File(second, dir))
  assert !a.isEmpty() : "nothing in $dir"
  assert a.keySet() == b.keySet() : "$dir holds different files: ${a.keySet()} against ${b.keySet()}"
  a.each { name, f ->
    assert f.bytes == b[name].bytes : "$dir/$name differs between the two folders"
    compared++
  }
}

// No generated file names where it was built.
files(new File(first, 'target/generated-sources/netc')).each { name, f ->
  def text = f.getText('UTF-8')
  assert !text.contains(first.absolutePath) && !text.contains('first/quickstart') : "$name names the build folder"
  assert text.contains('src/main/nn/com/example/penguins/penguins.nn') : "$name does not name its spec"
}

def jarA = new File(first, 'target/penguins-1.0-SNAPSHOT.jar')
def jarB = new File(second, 'target/penguins-1.0-SNAPSHOT.jar')
new JarFile(jarA).withCloseable { a ->
  new JarFile(jarB).withCloseable { b ->
    def namesA = a.entries().toList().collect { it.name }
    def namesB = b.entries().toList().collect { it.name }
    assert namesA == namesB : "the jars hold different entries"
    for (name in namesA) {
      def ea = a.getEntry(name)
      def eb = b.getEntry(name)
      assert ea.time == eb.time : "$name has different times in the jars"
      assert a.getInputStream(ea).bytes == b.getInputStream(eb).bytes : "$name differs between the jars"
    }
  }
}
assert sha(jarA) == sha(jarB) : 'the jars differ'

println "reproducible: $compared files and the jar identical in both folders"
true

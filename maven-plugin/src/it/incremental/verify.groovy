// The second build found both specs up to date, and wrote no file: every generated file, and the
// state file, is older than the classes the first build compiled after generating them.
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
assert log.contains('netc: generated 2 networks from 2 specs') : 'the first build did not generate both specs'
assert log.contains('netc: 2 specs up to date, nothing to generate') : 'the second build did not find them up to date'

def files = { String folder ->
    def root = new File(basedir, folder)
    assert root.isDirectory() : "no $folder"
    def found = []
    root.eachFileRecurse(groovy.io.FileType.FILES) { found << it }
    found
}
def modified = { File f -> Files.getLastModifiedTime(f.toPath()).toInstant() }

def outputs = files('target/generated-sources/netc') + files('target/generated-resources/netc') + files('target/netc')
assert outputs.size() == 6 : "expected 2 x 2 sources, a weights resource and the state file: $outputs"
def classes = files('target/classes').findAll { it.name.endsWith('.class') }
assert classes.size() >= 4 : "the first build compiled nothing: $classes"

def firstClass = classes.collect(modified).min()
outputs.each { f ->
    assert modified(f) <= firstClass : "$f was written after the first build compiled (${modified(f)} > $firstClass)"
}

true

// The error is logged in the GNU form, at the spec's full path, as javac's errors are; the build
// fails with a count; nothing is generated, not even for the spec without errors.
def log = new File(basedir, 'build.log').text
def spec = new File(basedir, 'src/main/nn/com/example/nets/chain.nn').absolutePath

def expected = [
    "[ERROR] ${spec}:9:19: error: matmul inner dimensions differ: [N, 4] @ [5, 2] [NN0300]",
    "[ERROR]     ^ W3 has 5 rows, but h2 has 4 columns",
    "[ERROR] ${spec}:5:20: note: the 4 comes from W2's shape, through h2",
    "[ERROR] ${spec}:6:17: note: the 5 comes from W3's shape",
].collect { it.toString() }
def lines = log.readLines()
expected.each { line -> assert lines.contains(line) : "build.log lacks the line\n$line" }

assert log.contains('netc: 1 error in 1 spec; nothing was generated.')
assert !log.contains('BUILD SUCCESS')

def generated = new File(basedir, 'target/generated-sources/netc')
assert !generated.exists() || generated.listFiles().length == 0 : "files were generated: ${generated.list()}"

true

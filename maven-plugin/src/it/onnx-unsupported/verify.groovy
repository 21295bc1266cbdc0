// The importer's message is logged at the model's full path, in GNU's form without a line (a
// model has none), and the build fails with a count; nothing is generated.
def log = new File(basedir, 'build.log').text
def model = new File(basedir, 'src/main/nn/com/example/conv.onnx').absolutePath

def expected = [
    "[ERROR] ${model}: error: conv.onnx uses an operator netc does not import (opset 13):",
    "[ERROR]       Conv, used by node Conv_0",
].collect { it.toString() }
def lines = log.readLines()
expected.each { line -> assert lines.contains(line) : "build.log lacks the line\n$line" }

assert log.contains('netc: 1 error in 1 spec; nothing was generated.')
assert !log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/generated-sources/netc').exists() : 'files were generated'

true

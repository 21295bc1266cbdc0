// With maven.compiler.release 22 the generated kernels read their weights from off-heap memory,
// and the test that runs them, from the resource and from a file, passes.
def read = { String path -> new File(basedir, path).text }

def facade = read('target/generated-test-sources/netc/com/example/scale/Scale.java')
assert facade.contains('private final MemorySegment scale_packed') : 'the packed weight is not off the heap'
def kernels = read('target/generated-test-sources/netc/com/example/scale/ScaleKernels.java')
assert kernels.contains('FloatVector.fromMemorySegment(') : 'the kernels do not read a MemorySegment'
assert !kernels.contains('FloatVector.fromArray(S, w,')

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'ScaleTest did not pass'

true

// With <weightsType>i8</weightsType> the generated kernels read the matmul weight as bytes with a
// scale per column, the weights resource holds it as I8, and the test that runs it passes.
def read = { String path -> new File(basedir, path).text }

def facade = read('target/generated-test-sources/netc/com/example/scale/Scale.java')
assert facade.contains('private final byte[] scale_packed') : 'the packed weight is not held in bytes'
assert facade.contains('private final float[] scale_columns') : 'the column scales are missing'
def kernels = read('target/generated-test-sources/netc/com/example/scale/ScaleKernels.java')
assert kernels.contains('ByteVector.fromArray(SB, w,') : 'the kernels do not read bytes'
assert !kernels.contains('FloatVector.fromArray(S, w,')

def resource = new File(basedir, 'target/generated-test-resources/netc/com/example/scale/Scale.safetensors')
def header = resource.bytes
assert new String(header, 8, 200, 'UTF-8').contains('"dtype":"I8"') : 'the resource does not hold I8 panels'

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'ScaleTest did not pass'

true

// generate-test writes to the test folders only, and the test that uses the class passes.
def exists = { String path -> new File(basedir, path).isFile() }

assert exists('target/generated-test-sources/netc/com/example/scale/Scale.java')
assert exists('target/generated-test-resources/netc/com/example/scale/Scale.safetensors')
assert exists('target/test-classes/com/example/scale/Scale.class')
assert exists('target/test-classes/com/example/scale/Scale.safetensors') : 'the weights resource is not on the test classpath'
assert !new File(basedir, 'target/generated-sources/netc').exists()
assert !new File(basedir, 'target/classes/com').exists() : 'generated classes leaked into the main classes'

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'ScaleTest did not pass'

true

// Both modules generated and compiled in a parallel build, with no warning about thread safety.
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder') : 'the build did not run in parallel'
assert !log.contains('not marked as thread-safe') && !log.contains('not marked as @threadSafe') :
    'Maven warned that a goal is not thread-safe'

['alpha/target/classes/com/example/alpha/Alpha.class',
 'alpha/target/classes/com/example/alpha/AlphaKernels.class',
 'beta/target/classes/com/example/beta/Beta.class',
 'beta/target/classes/com/example/beta/BetaKernels.class'].each { path ->
    assert new File(basedir, path).isFile() : "missing $path"
}

true

// The warning is logged in the GNU form, and failOnWarning makes it fail the build.
def log = new File(basedir, 'build.log').text
def spec = new File(basedir, 'src/main/nn/com/example/spare.nn').absolutePath

def line = "[WARNING] ${spec}:3:9: warning: input `extra` is never used [NN0207]".toString()
assert log.readLines().contains(line) : "build.log lacks the line\n$line"
assert log.contains('netc: 1 warning in 1 spec (failOnWarning is set); nothing was generated.')

true

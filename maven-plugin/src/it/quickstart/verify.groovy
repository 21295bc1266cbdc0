// The quickstart builds, its test passes against numpy's probabilities, and Main classifies.
def log = new File(basedir, 'build.log').text

def generated = new File(basedir, 'target/generated-sources/netc/com/example/penguins/Penguins.java')
assert generated.isFile() : "no generated class at $generated"
assert new File(basedir, 'target/classes/com/example/penguins/Penguins.safetensors').isFile() :
    'the weights resource was not packaged beside the class'

assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'PenguinsTest did not pass'
assert log.contains('bill 39.1 x 18.7 mm, flipper 181 mm, 3750 g: Adelie')
assert log.contains('bill 49.5 x 19.0 mm, flipper 200 mm, 3800 g: Chinstrap')
assert log.contains('bill 46.1 x 13.2 mm, flipper 211 mm, 4500 g: Gentoo')

true

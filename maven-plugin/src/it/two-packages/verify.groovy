// Each spec's folder under src/main/nn is its package, in the sources and in the compiled classes.
def exists = { String path -> assert new File(basedir, path).isFile() : "missing $path" }

exists 'target/generated-sources/netc/com/example/vision/Digits.java'
exists 'target/generated-sources/netc/com/example/vision/DigitsKernels.java'
exists 'target/generated-sources/netc/com/example/audio/Keywords.java'
exists 'target/generated-sources/netc/com/example/audio/KeywordsKernels.java'
exists 'target/classes/com/example/vision/Digits.class'
exists 'target/classes/com/example/audio/Keywords.class'
exists 'target/classes/com/example/App.class'

def digits = new File(basedir, 'target/generated-sources/netc/com/example/vision/Digits.java').text
assert digits.contains('package com.example.vision;')
assert new File(basedir, 'target/generated-sources/netc/com/example/audio/Keywords.java').text.contains('package com.example.audio;')

true

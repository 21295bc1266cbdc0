// The embeddings sample builds: its model is unpacked from the jar and imported, its class
// generated with the weights as its resource, its tests pass (ONNX Runtime's embeddings among
// them), and Main prints a table in which the paraphrase is the closest pair.
def log = new File(basedir, 'build.log').text
def exists = { String path -> new File(basedir, path).isFile() }

assert exists('target/model/all-minilm-l6-v2.onnx') : 'the model was not unpacked from its jar'
assert log.contains('netc: imported target/model/all-minilm-l6-v2.onnx into ' +
    'target/netc-import/generate-default/all-minilm-l6-v2.nn')
assert exists('target/generated-sources/netc/com/example/embeddings/model/AllMinilmL6V2.java')
assert exists('target/classes/com/example/embeddings/model/AllMinilmL6V2.safetensors') :
    'the weights resource was not packaged beside the class'

assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, .* in com\.example\.embeddings\.OnnxRuntimeComparisonTest/ :
    'the comparison with ONNX Runtime did not pass'
assert log =~ /Tests run: \d+, Failures: 0, Errors: 0, Skipped: 0\n/ : 'the sample has failing tests'
assert log.contains('netc vs ONNX Runtime, 20 sentences')

// The table's first row: 1 with itself, then the paraphrase, the horse and the stock market.
def row = (log =~ /(?m)^ {2}1 {2}1\.000 +(\d\.\d{3}) +(\d\.\d{3}) +(-?\d\.\d{3})$/)
assert row.find() : 'Main printed no table'
assert (row.group(1) as double) > (row.group(2) as double)
assert (row.group(2) as double) > (row.group(3) as double)

true

// The Spark sample builds: its network is generated with the weights as a resource, the
// application jar carries both and netc's runtime but not Spark, the tests find every score
// Spark computed equal to the direct call's, and the application scores a table it generated.
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def exists = { String path -> new File(basedir, path).isFile() }

assert exists('target/generated-sources/netc/com/example/scoring/Churn.java')
assert exists('target/classes/com/example/scoring/Churn.safetensors') :
    'the weights resource was not packaged beside the class'

def jar = new ZipFile(new File(basedir, 'target/spark-scoring-1.0-SNAPSHOT.jar'))
try {
  def names = jar.entries().collect { it.name }
  assert names.contains('com/example/scoring/Churn.safetensors') : 'the application jar lacks the weights'
  assert names.contains('com/example/scoring/Churn.class')
  assert names.any { it.startsWith('dev/netc/runtime/') } : 'the application jar lacks netc-runtime'
  assert !names.any { it.startsWith('org/apache/spark/') } : 'Spark, provided, was packaged'
} finally {
  jar.close()
}

assert log =~ /Tests run: 17, Failures: 0, Errors: 0, Skipped: 0, .* in com\.example\.scoring\.SparkScoringTest/ :
    'the Spark tests did not all pass'
assert log =~ /single-JVM loop, one thread, batches of 256: +[\d,]+/
assert log =~ /Spark local\[2\], Parquet to Parquet: +[\d,]+/

assert log.contains('wrote 100,000 customers to ') : 'exec:exec generated no table'
assert log =~ /scored 100,000 customers in [\d.]+ s/ : 'exec:exec@score scored no table'
assert new File(basedir, 'target/scores.parquet/_SUCCESS').isFile()

true

// After the generated project's `mvn verify`: the project is a standalone, versioned OSGi bundle, and every Java
// snippet of docs/connector-guide.md is verbatim in one of its files (so the guide cannot drift from the template).
import java.util.jar.JarFile

File project = new File(basedir, 'project/acme-weather')   // basedir: the test project's folder
assert new File(project, '.gitignore').isFile()
String pom = new File(project, 'pom.xml').text
assert !pom.contains('<parent>') : 'the generated project must not inherit from the Switchboard reactor'
assert pom.contains('<artifactId>switchboard-bom</artifactId>') && pom.contains('<scope>import</scope>')
assert pom.contains('<maven.compiler.release>17</maven.compiler.release>')

def manifest = new JarFile(new File(project, 'target/acme-weather-1.0.0-SNAPSHOT.jar')).manifest.mainAttributes
assert manifest.getValue('Bundle-SymbolicName') == 'com.acme.acme-weather'
assert manifest.getValue('Bundle-Version').startsWith('1.0.0.')
assert manifest.getValue('Service-Component') == 'OSGI-INF/com.acme.weather.internal.ConnectorProvider.xml'
// the range bnd writes: from the connector API version the project compiled against up to the next major
assert manifest.getValue('Import-Package') =~ /dev\.switchboard\.connector\.api;version="\[1\.\d+,2\)"/

File root = project
while (root != null && !new File(root, 'docs/connector-guide.md').isFile()) {
    root = root.parentFile
}
assert root != null : 'docs/connector-guide.md not found above ' + project
String sources = ''
new File(project, 'src').eachFileRecurse { f -> if (f.name.endsWith('.java')) sources += f.text + '\n' }
def snippets = (new File(root, 'docs/connector-guide.md').text =~ /(?s)```java\n(.*?)```/).collect { it[1] }
assert snippets.size() >= 5 : 'the guide has its Java snippets'
snippets.each { snippet ->
    assert sources.contains(snippet) : 'docs/connector-guide.md has a Java snippet that is not in the generated project:\n' + snippet
}
println "verify.groovy: ${snippets.size()} Java snippets of docs/connector-guide.md found verbatim in the generated project"
return true

package org.certmap.e2e;

/** docs/tomcat.md on the released Tomcat 11 ({@code tomcat11.dist.version} in src/test/pom.xml). */
class Tomcat11DistributionIT extends TomcatDistributionIT {

    Tomcat11DistributionIT() {
        super("certmap.e2e.tomcat11.version");
    }
}

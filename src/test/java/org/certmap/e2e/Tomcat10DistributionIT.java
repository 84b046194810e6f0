package org.certmap.e2e;

/** docs/tomcat.md on the released Tomcat 10.1 ({@code tomcat10.dist.version} in src/test/pom.xml). */
class Tomcat10DistributionIT extends TomcatDistributionIT {

    Tomcat10DistributionIT() {
        super("certmap.e2e.tomcat10.version");
    }
}

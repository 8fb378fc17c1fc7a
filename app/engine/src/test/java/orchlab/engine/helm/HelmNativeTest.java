package orchlab.engine.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HelmNativeTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(textBlock = """
            Linux,        amd64,   helm-linux-amd64.so
            Linux,        aarch64, helm-linux-arm64.so
            Mac OS X,     x86_64,  helm-darwin-amd64.dylib
            Mac OS X,     aarch64, helm-darwin-arm64.dylib
            Windows 11,   amd64,   helm-windows-amd64.dll
            """)
    void eachLaptopGetsItsOwnPlatformsLibrary(String os, String arch, String binary) {
        assertThat(HelmNative.binaryNameFor(os, arch)).isEqualTo(binary);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            Linux,   s390x
            FreeBSD, amd64
            """)
    void platformsHelmJavaDoesNotBuildForHaveNoLibrary(String os, String arch) {
        assertThat(HelmNative.binaryNameFor(os, arch)).isEmpty();
    }
}

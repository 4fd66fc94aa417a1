package org.nvr.storage.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1000, new SecureRandom());

    /** RFC 7914 §11, the PBKDF2-HMAC-SHA256 test vector with one iteration. */
    @Test
    void matchesRfc7914VectorWithOneIteration() {
        byte[] dk = PasswordHasher.pbkdf2("passwd".toCharArray(), bytes("salt"), 1, 64);
        assertThat(HexFormat.of().formatHex(dk)).isEqualTo(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    }

    /** RFC 7914 §11, the PBKDF2-HMAC-SHA256 test vector with 80 000 iterations. */
    @Test
    void matchesRfc7914VectorWith80000Iterations() {
        byte[] dk = PasswordHasher.pbkdf2("Password".toCharArray(), bytes("NaCl"), 80_000, 64);
        assertThat(HexFormat.of().formatHex(dk)).isEqualTo(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void storedFormatNamesSchemeIterationsSaltAndHash() {
        String stored = hasher.hash("correct horse".toCharArray());
        String[] fields = stored.split("\\$");
        assertThat(fields).hasSize(4);
        assertThat(fields[0]).isEqualTo("pbkdf2-sha256");
        assertThat(fields[1]).isEqualTo("1000");
        byte[] salt = Base64.getDecoder().decode(fields[2]);
        byte[] hash = Base64.getDecoder().decode(fields[3]);
        assertThat(salt).hasSize(PasswordHasher.SALT_BYTES);
        assertThat(hash).hasSize(PasswordHasher.HASH_BYTES);
        // The stored hash is the first 32 bytes of PBKDF2 over the stored salt and count.
        assertThat(hash).isEqualTo(PasswordHasher.pbkdf2("correct horse".toCharArray(), salt, 1000, 32));
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse".toCharArray());
        assertThat(hasher.verify("correct horse".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("correct horsf".toCharArray(), stored)).isFalse();
        assertThat(hasher.verify("".toCharArray(), stored)).isFalse();
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        assertThat(hasher.hash("correct horse".toCharArray())).isNotEqualTo(hasher.hash("correct horse".toCharArray()));
    }

    @Test
    void hashWithFewerIterationsStillVerifiesAndAsksForRehash() {
        String old = new PasswordHasher(10, new SecureRandom()).hash("correct horse".toCharArray());
        assertThat(hasher.verify("correct horse".toCharArray(), old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("correct horse".toCharArray()))).isFalse();
    }

    @Test
    void nonAsciiPasswordsHashAsUtf8() {
        // RFC 8018 leaves the encoding to the application; the JDK (and we) use UTF-8.
        String stored = hasher.hash("pässwörd€".toCharArray());
        assertThat(hasher.verify("pässwörd€".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("passwurd€".toCharArray(), stored)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "pbkdf2-sha256",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==$extra",
        "bcrypt$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$ten$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$2000000000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$1000$not*base64$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$1000$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$"
    })
    void malformedStoredHashIsAClearException(String stored) {
        assertThatThrownBy(() -> hasher.verify("correct horse".toCharArray(), stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed password hash: ");
    }

    @Test
    void overlongStoredHashIsRefusedBeforeParsing() {
        String stored = "pbkdf2-sha256$1000$" + "A".repeat(600) + "$aGFzaA==";
        assertThatThrownBy(() -> hasher.verify("x".toCharArray(), stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 512");
    }

    @Test
    void refusesEmptyAndOverlongPasswordsToHash() {
        assertThatThrownBy(() -> hasher.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(new char[PasswordHasher.MAX_PASSWORD_CHARS + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesIterationCountsOutOfRange() {
        assertThatThrownBy(() -> new PasswordHasher(0, new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(PasswordHasher.MAX_ITERATIONS + 1, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PasswordHasher().iterations()).isEqualTo(600_000);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}

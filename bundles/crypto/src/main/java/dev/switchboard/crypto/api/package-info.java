/**
 * Secrets kept encrypted at rest in configurations: {@link dev.switchboard.crypto.api.SecretCipher} encrypts a value
 * into {@code {aes-gcm}base64}; the bundle's ConfigAdmin plugin decrypts such values whenever a configuration is
 * delivered, so stored configurations (and every console page and printer that shows them) hold only ciphertext.
 * Implemented by the crypto bundle only.
 * <p>
 * 1.0.0: {@code SecretCipher}.
 */
@Export
@Version("1.0.0")
package dev.switchboard.crypto.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The NVR's users on the H2 index: {@link org.nvr.storage.users.H2UserStore} (nvr-core's
 * {@link org.nvr.core.auth.UserDirectory} plus add, remove and change) and
 * {@link org.nvr.storage.users.PasswordHasher} (salted PBKDF2-HMAC-SHA256).
 */
package org.nvr.storage.users;

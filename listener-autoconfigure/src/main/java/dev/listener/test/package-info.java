/**
 * Test support: inject a listener's actual port ({@link dev.listener.test.LocalListenerPort}) and
 * talk to it ({@link dev.listener.test.ListenerTestClient}). Nothing here is used by the starter
 * itself; it lives in the main jar, as Boot's own {@code LocalServerPort} does, so that a user's
 * tests need no other dependency.
 */
@NullMarked
package dev.listener.test;

import org.jspecify.annotations.NullMarked;

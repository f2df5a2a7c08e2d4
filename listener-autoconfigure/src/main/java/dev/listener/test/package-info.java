/**
 * Test support: inject a listener's actual port ({@link dev.listener.test.LocalListenerPort}) and
 * talk to it ({@link dev.listener.test.ListenerTestClient}). Nothing here is used by the starter
 * itself. It is in the starter's jar rather than a test-jar (which carries none of its
 * dependencies): it needs only the JDK and Spring classes the starter has, and the starter's
 * context initializer resolves {@code @LocalListenerPort("name")}, so a user's tests need no other
 * dependency.
 */
@NullMarked
package dev.listener.test;

import org.jspecify.annotations.NullMarked;

/**
 * Test support: inject the actual listener port.
 */
@NullMarked
package dev.listener.test;

import org.jspecify.annotations.NullMarked;

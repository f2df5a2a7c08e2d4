/**
 * Startup diagnostics: a listener that cannot be opened becomes Boot's "APPLICATION FAILED TO
 * START" report, naming the properties to change and what to change them to.
 */
@NullMarked
package dev.listener.diagnostics;

import org.jspecify.annotations.NullMarked;

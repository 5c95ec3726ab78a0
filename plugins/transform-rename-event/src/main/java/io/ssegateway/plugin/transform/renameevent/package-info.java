/** The "rename-event" transform: changes the event type of events by a from/to pair or a map. */
package io.ssegateway.plugin.transform.renameevent;

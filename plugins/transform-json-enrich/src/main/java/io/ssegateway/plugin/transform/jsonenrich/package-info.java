/** The "json-enrich" transform: adds fixed fields and an optional timestamp to JSON-object event data. */
package io.ssegateway.plugin.transform.jsonenrich;

/** What the JSON transforms share: event data as one JSON object, with exact numbers, and back to text. */
package io.ssegateway.plugin.json.support;

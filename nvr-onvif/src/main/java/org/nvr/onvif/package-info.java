/** ONVIF SOAP client on the JDK alone (issue 6). */
package org.nvr.onvif;

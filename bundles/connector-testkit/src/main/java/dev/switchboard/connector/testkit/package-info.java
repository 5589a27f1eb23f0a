/** The connector test kit. */
package dev.switchboard.connector.testkit;

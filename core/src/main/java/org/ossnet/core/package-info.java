/** Value types and wire contracts shared by every OSSNET module: names, bencode, metainfo, snapshots, signatures. */
package org.ossnet.core;

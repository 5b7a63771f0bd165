/** Checks of the deployment manifests (k8s overlays, docker-compose) against what the build and the services make. */
package org.ossnet.system.deploy;

// The least any tracker on the kernel's TCP stack can do per announce, for bench/tracker-bench.sh's FLOORS=1:
// one thread accepts, reads the request, writes a canned reply of 50 compact peers and closes, four system calls a
// connection and no tracker work at all. Usage: floor PORT
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: floor PORT\n");
        return 2;
    }
    char body[512];
    int length = sprintf(body, "d8:completei10e10:incompletei20e8:intervali1800e5:peers300:");
    for (int i = 0; i < 300; i++) body[length++] = (char) (i * 7 + 1);
    body[length++] = 'e';
    char reply[1024];
    int reply_length = sprintf(reply,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", length);
    memcpy(reply + reply_length, body, length);
    reply_length += length;

    int server = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &address, sizeof address) || listen(server, 1024)) {
        perror("floor: listen");
        return 1;
    }
    char request[4096];
    for (;;) {
        int c = accept4(server, NULL, NULL, 0);
        if (c < 0) continue;
        if (read(c, request, sizeof request) > 0 && write(c, reply, reply_length) < 0) perror("floor: write");
        close(c);
    }
}

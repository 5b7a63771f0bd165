// The least any tracker on the kernel's TCP stack can do per announce, for bench/tracker-bench.sh's FLOORS=1: accept,
// read the request, write a canned reply of 50 compact peers, close, and no tracker work at all. One thread.
//   blocking: blocking accept4, read, write, close; four system calls a connection. No server can work this way (one
//             silent client holds the thread), so it is the least the kernel's TCP costs.
//   epoll:    the way a server must work, as opentracker and the announce listener do: accept what the backlog holds
//             without blocking, read each, and leave those whose request has not arrived to epoll.
//   epoll-more: epoll, with the reply sent as MSG_MORE so that it waits for the close and leaves with the FIN in one
//             segment, as the announce listener's epoll sockets send a connection's last reply.
// Usage: floor PORT blocking|epoll|epoll-more
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static char reply[1024], request[4096];
static int reply_length, more;

/* Answers and closes c if its request is there; 0 if nothing has arrived yet. */
static int answer(int c) {
    ssize_t n = read(c, request, sizeof request);
    if (n < 0 && errno == EAGAIN) return 0;
    if (n > 0 && send(c, reply, reply_length, MSG_NOSIGNAL | more) < 0) perror("floor: send");
    close(c);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: floor PORT blocking|epoll|epoll-more\n");
        return 2;
    }
    char body[512];
    int length = sprintf(body, "d8:completei10e10:incompletei20e8:intervali1800e5:peers300:");
    for (int i = 0; i < 300; i++) body[length++] = (char) (i * 7 + 1);
    body[length++] = 'e';
    reply_length = sprintf(reply,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", length);
    memcpy(reply + reply_length, body, length);
    reply_length += length;

    int blocking = strcmp(argv[2], "blocking") == 0;
    more = strcmp(argv[2], "epoll-more") == 0 ? MSG_MORE : 0;
    int server = socket(AF_INET, SOCK_STREAM | (blocking ? 0 : SOCK_NONBLOCK), 0), one = 1;
    setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(server, (struct sockaddr *) &address, sizeof address) || listen(server, 1024)) {
        perror("floor: listen");
        return 1;
    }
    if (blocking) {
        for (;;) {
            int c = accept4(server, NULL, NULL, 0);
            if (c >= 0) answer(c);
        }
    }
    int epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = server}, ready[64];
    epoll_ctl(epoll, EPOLL_CTL_ADD, server, &event);
    int round[64];
    for (;;) {
        int n = epoll_wait(epoll, ready, 64, 1000);
        for (int i = 0; i < n; i++) {
            if (ready[i].data.fd != server) {
                answer(ready[i].data.fd); /* close() takes it out of the epoll set */
                continue;
            }
            int accepted = 0;
            while (accepted < 64) {
                int c = accept4(server, NULL, NULL, SOCK_NONBLOCK);
                if (c < 0) break;
                round[accepted++] = c;
            }
            for (int j = 0; j < accepted; j++) {
                if (!answer(round[j])) {
                    struct epoll_event wait_for = {.events = EPOLLIN, .data.fd = round[j]};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, round[j], &wait_for);
                }
            }
        }
    }
}

package io.aeredis.ae;

class EpollTimeEventTest extends TimeEventContractTest {
    @Override
    String backend() {
        return "epoll";
    }
}

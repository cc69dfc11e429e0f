"""Three RabbitMQ nodes clustered on this machine, beside (never instead of) the machine's broker.

Each node has its own name (with a per-run suffix), ports, data and log folders and Erlang cookie under a
temporary folder. The scripts under /usr/lib/rabbitmq/bin are called directly: the /usr/sbin wrappers switch
to the `rabbitmq` user, its cookie and /etc's node name and port. epmd on 4369 is shared with the machine's
broker and is never stopped. Starting takes 20-40 s on two cores: the suite starts the cluster once.
"""

import asyncio
import os
import shutil
import signal
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.tcp_proxy import _free_port

BIN = Path("/usr/lib/rabbitmq/bin")
SERVER = BIN / "rabbitmq-server"
CTL = BIN / "rabbitmqctl"
QUEUES = BIN / "rabbitmq-queues"
NODES = 3
START_S = 120


def available() -> bool:
    return SERVER.exists() and CTL.exists()


@dataclass
class Node:
    name: str
    port: int
    dist_port: int
    base: Path
    process: asyncio.subprocess.Process | None = None
    app_running: bool = False

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"


@dataclass
class RabbitCluster:
    home: Path
    nodes: list[Node] = field(default_factory=list)

    def amqp_url(self, reconnect_interval_s: float = 0.5) -> str:
        """AMQP_URL naming every node, in order; a short pause between reconnect attempts for tests."""
        return ",".join(f"{node.url}?reconnect_interval={reconnect_interval_s}" for node in self.nodes)

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def env(self, node: Node | None = None) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "RABBITMQ_CONF_ENV_FILE": str(self.home / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.home / "enabled_plugins"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }
        if node is not None:
            env |= {
                "RABBITMQ_NODENAME": node.name,
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
                "RABBITMQ_NODE_PORT": str(node.port),
                "RABBITMQ_DIST_PORT": str(node.dist_port),
                "RABBITMQ_MNESIA_BASE": str(node.base / "mnesia"),
                "RABBITMQ_LOG_BASE": str(node.base / "log"),
                "RABBITMQ_CONFIG_FILE": str(node.base / "rabbitmq.conf"),
            }
        return env

    async def ctl(self, node: Node, *args: str, tool: Path = CTL, check: bool = True) -> str:
        process = await asyncio.create_subprocess_exec(
            str(tool),
            "-n",
            node.name,
            *args,
            env=self.env(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await process.communicate()
        text = out.decode()
        if check and process.returncode != 0:
            raise RuntimeError(f"{tool.name} -n {node.name} {' '.join(args)} failed:\n{text}")
        return text

    async def start_node(self, node: Node) -> None:
        log = (node.base / "server.out").open("ab")
        node.process = await asyncio.create_subprocess_exec(
            str(SERVER), env=self.env(node), stdout=log, stderr=asyncio.subprocess.STDOUT
        )
        log.close()

    async def await_startup(self, node: Node) -> None:
        """Waits until the node runs; `await_startup` fails at once until the node is known to epmd."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_S
        while True:
            if node.process is not None and node.process.returncode is not None:
                raise RuntimeError(f"{node.name} ended at start: see {node.base / 'server.out'}")
            try:
                await self.ctl(node, "await_startup", "--timeout", "60")
                return
            except RuntimeError:
                if loop.time() > deadline:
                    raise
                await asyncio.sleep(0.5)

    async def stop_app(self, node: Node) -> None:
        """Stops RabbitMQ on the node (the Erlang VM runs on): its clients are disconnected."""
        await self.ctl(node, "stop_app")
        node.app_running = False

    async def start_app(self, node: Node) -> None:
        await self.ctl(node, "start_app")
        await self.ctl(node, "await_online_nodes", str(NODES), "--timeout", "60")
        node.app_running = True

    async def heal(self) -> None:
        """Every node up and in the cluster again, after a test that stopped or killed one."""
        for node in self.nodes:
            if node.process is None or node.process.returncode is not None:
                await self.restart(node)
            elif not node.app_running:
                await self.start_app(node)

    async def kill(self, node: Node) -> None:
        """SIGKILLs the node's Erlang VM (a child of the server script, which ends with it)."""
        assert node.process is not None
        pid = int((await self.ctl(node, "eval", "os:getpid().")).strip().strip('"'))
        os.kill(pid, signal.SIGKILL)
        node.app_running = False
        await node.process.wait()

    async def restart(self, node: Node) -> None:
        await self.start_node(node)
        await self.await_startup(node)
        await self.ctl(node, "await_online_nodes", str(NODES), "--timeout", "60")
        node.app_running = True

    async def leader_of(self, queue: str, vhost: str = "/") -> Node:
        """The node that leads a quorum queue now."""
        asked = next(node for node in self.nodes if node.app_running)
        columns = ("name", "leader", "--no-table-headers", "--quiet")
        out = await self.ctl(asked, "list_queues", "-p", vhost, *columns)
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == queue:
                return self.node(parts[1])
        raise LookupError(f"no quorum queue {queue!r} on the cluster:\n{out}")


def _node(home: Path, suffix: str, number: int) -> Node:
    name = f"rt{number}-{suffix}@localhost"
    base = home / f"rt{number}"
    (base / "log").mkdir(parents=True)
    node = Node(name=name, port=_free_port(), dist_port=_free_port(), base=base)
    (base / "rabbitmq.conf").write_text(
        f"listeners.tcp.default = 127.0.0.1:{node.port}\n"
        "cluster_partition_handling = pause_minority\n"
    )
    return node


async def start_cluster() -> RabbitCluster:
    home = Path(tempfile.mkdtemp(prefix="rabbit-cluster-"))
    cookie = home / ".erlang.cookie"
    cookie.write_text(uuid.uuid4().hex)
    cookie.chmod(0o400)
    (home / "rabbitmq-env.conf").write_text("")
    (home / "enabled_plugins").write_text("[].\n")
    suffix = uuid.uuid4().hex[:8]
    cluster = RabbitCluster(home=home, nodes=[_node(home, suffix, n) for n in range(1, NODES + 1)])
    try:
        for node in cluster.nodes:
            await cluster.start_node(node)
        await asyncio.gather(*(cluster.await_startup(node) for node in cluster.nodes))
        first = cluster.nodes[0]
        for node in cluster.nodes[1:]:
            await cluster.ctl(node, "stop_app")
            await cluster.ctl(node, "reset")
            await cluster.ctl(node, "join_cluster", first.name)
            await cluster.ctl(node, "start_app")
        await cluster.ctl(first, "await_online_nodes", str(NODES), "--timeout", "60")
        for node in cluster.nodes:
            node.app_running = True
    except BaseException:
        await stop_cluster(cluster)
        raise
    return cluster


async def stop_cluster(cluster: RabbitCluster) -> None:
    for node in reversed(cluster.nodes):
        if node.process is not None and node.process.returncode is None:
            await cluster.ctl(node, "stop", check=False)
            try:
                await asyncio.wait_for(node.process.wait(), 30)
            except TimeoutError:
                node.process.kill()
                await node.process.wait()
    shutil.rmtree(cluster.home, ignore_errors=True)

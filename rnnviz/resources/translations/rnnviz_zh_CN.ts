<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttentionPanel</name>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>this model has no attention (train with --attention)</source>
        <translation>这个模型没有注意力（用 --attention 训练）</translation>
    </message>
    <message>
        <source>step {step}, {n} windows: the largest weight {max}; the median window puts {share} on its top step</source>
        <translation>第 {step} 步，{n} 个窗口：最大权重 {max}；中位窗口把 {share} 放在其权重最大的时间步上</translation>
    </message>
    <message>
        <source>window {w}, t = {t}: α = {value}</source>
        <translation>窗口 {w}，t = {t}：α = {value}</translation>
    </message>
</context>
<context>
    <name>ColumnDialog</name>
    <message>
        <source>Open {name}</source>
        <translation>打开 {name}</translation>
    </message>
    <message>
        <source>The column the model predicts: its next value</source>
        <translation>模型预测的列：它的下一个值</translation>
    </message>
    <message>
        <source>The model reads this column (one input per column)</source>
        <translation>模型读取这一列（每列一个输入）</translation>
    </message>
    <message>
        <source>none (row numbers)</source>
        <translation>无（行号）</translation>
    </message>
    <message>
        <source>A column of dates for the predictions&apos; x axis</source>
        <translation>一列日期，作为预测图的横轴</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>with a header row</source>
        <translation>有表头行</translation>
    </message>
    <message>
        <source>no header row</source>
        <translation>无表头行</translation>
    </message>
    <message>
        <source>{rows} rows, {columns} columns ({header}). First rows:</source>
        <translation>{rows} 行，{columns} 列（{header}）。前几行：</translation>
    </message>
    <message>
        <source>1 missing or non-numeric value will be filled by linear interpolation</source>
        <translation>1 个缺失或非数值的值将用线性插值填补</translation>
    </message>
    <message>
        <source>{n} missing or non-numeric values will be filled by linear interpolation</source>
        <translation>{n} 个缺失或非数值的值将用线性插值填补</translation>
    </message>
    <message>
        <source>no missing values</source>
        <translation>没有缺失值</translation>
    </message>
</context>
<context>
    <name>CompareGatesPanel</name>
    <message>
        <source>Which gate to show for every variant</source>
        <translation>为每个变体显示哪个门</translation>
    </message>
    <message>
        <source>memory gate</source>
        <translation>记忆门</translation>
    </message>
    <message>
        <source>no such gate</source>
        <translation>无此门</translation>
    </message>
    <message>
        <source>last layer · colour bar: 0 closed … 1 open</source>
        <translation>最后一层 · 色条：0 关闭 … 1 打开</translation>
    </message>
    <message>
        <source>last layer · gates 0…1 (viridis) · g, n −1…1 · RNN a −3…3 (blue–red)</source>
        <translation>最后一层 · 门 0…1（viridis）· g、n −1…1 · RNN a −3…3（蓝–红）</translation>
    </message>
</context>
<context>
    <name>CompareGradTimePanel</name>
    <message>
        <source>Gradient over t · step {step}</source>
        <translation>梯度随 t 的变化 · 第 {step} 步</translation>
    </message>
</context>
<context>
    <name>CompareHiddenPanel</name>
    <message>
        <source>last layer · one colour scale: −1 blue … +1 red</source>
        <translation>最后一层 · 统一色标：−1 蓝 … +1 红</translation>
    </message>
</context>
<context>
    <name>CompareMemoryPanel</name>
    <message>
        <source>τ (steps)</source>
        <translation>τ（步）</translation>
    </message>
    <message>
        <source>τ now: {taus}</source>
        <translation>当前 τ：{taus}</translation>
    </message>
    <message>
        <source>{name} {tau} (step {step})</source>
        <translation>{name} {tau}（第 {step} 步）</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>cell</source>
        <translation>单元类型</translation>
    </message>
    <message>
        <source>clip</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>seq-len</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>forget-bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <source>init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>init-scale</source>
        <translation>初始化缩放</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>The setting the variants differ in</source>
        <translation>各变体之间不同的那个设置</translation>
    </message>
    <message>
        <source>2 to 4 values separated by commas</source>
        <translation>2 到 4 个值，用逗号分隔</translation>
    </message>
    <message>
        <source>▶ Start</source>
        <translation>▶ 开始</translation>
    </message>
    <message>
        <source>Train every variant in lockstep, or pause (Space)</source>
        <translation>同步训练所有变体，或暂停（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One step of every variant (S)</source>
        <translation>每个变体训练一步（S）</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New variants from the settings now: the left column&apos;s shared settings and the values here</source>
        <translation>按当前设置新建变体：左栏的共享设置加上这里的取值</translation>
    </message>
    <message>
        <source>Vary</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>shared: {cell} H{H} L{L} T{T}, {data}, seed {seed} (the left column&apos;s settings)</source>
        <translation>共享：{cell} H{H} L{L} T{T}，{data}，种子 {seed}（左栏的设置）</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>preset {name}: {steps} steps; Start runs it</source>
        <translation>预设 {name}：{steps} 步；按“开始”运行</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <source>⚠ {name} stopped at step {step}; the others go on. {why}.</source>
        <translation>⚠ {name} 在第 {step} 步停止；其余变体继续。{why}。</translation>
    </message>
    <message>
        <source>Step {step}: {text}</source>
        <translation>第 {step} 步：{text}</translation>
    </message>
    <message>
        <source>Note on {where} at step {step}: {text}</source>
        <translation>{where}（第 {step} 步）提示：{text}</translation>
    </message>
    <message>
        <source>{name} stopped</source>
        <translation>{name} 已停止</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>compare · step {step}   {losses}   {rate} steps/s   {state}  </source>
        <translation>对比 · 第 {step} 步   {losses}   {rate} 步/秒   {state}  </translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>A second direction reads each window backwards; the head reads both final states. Series only</source>
        <translation>第二个方向从后往前读取每个窗口；输出层读取两个方向的最终状态。仅用于序列</translation>
    </message>
    <message>
        <source>. Off for a text: the reverse direction would read the very characters the model must predict</source>
        <translation>。文本不可用：反向方向会读到模型要预测的那些字符</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>{cell} layer {layer}</source>
        <translation>{cell} 第 {layer} 层</translation>
    </message>
    <message>
        <source>head</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>Open CSV / text…</source>
        <translation>打开 CSV / 文本…</translation>
    </message>
    <message>
        <source>Load your own series (CSV/TSV column) or a UTF-8 text (Ctrl+O)</source>
        <translation>载入你自己的序列（CSV/TSV 的一列）或 UTF-8 文本（Ctrl+O）</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>Back to the built-in noisy sine wave</source>
        <translation>回到内置的带噪声正弦波</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>none (values)</source>
        <translation>无（原值）</translation>
    </message>
    <message>
        <source>diff (changes)</source>
        <translation>diff（变化量）</translation>
    </message>
    <message>
        <source>log</source>
        <translation>log（对数）</translation>
    </message>
    <message>
        <source>logdiff (relative changes)</source>
        <translation>logdiff（相对变化）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>step (×0.1 at 50% and 75%)</source>
        <translation>阶梯（在 50% 和 75% 处 ×0.1）</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Built-in data: the noisy sine (or a data file); the adding problem: the sum of two marked values, one in each half of the sequence; or the copy task: repeat 10 symbols after a delimiter at the end of the sequence</source>
        <translation>内置数据：带噪声的正弦（或一个数据文件）；加法问题：两个被标记值之和，序列前后两半各有一个标记；或复制任务：在序列末尾的分隔符之后重复 10 个符号</translation>
    </message>
    <message>
        <source>Vanilla RNN (tanh), LSTM (gates i, f, g, o) or GRU (gates r, z, n)</source>
        <translation>普通 RNN（tanh）、LSTM（门 i、f、g、o）或 GRU（门 r、z、n）</translation>
    </message>
    <message>
        <source>Hidden units per layer (H)</source>
        <translation>每层隐藏单元数（H）</translation>
    </message>
    <message>
        <source>Stacked recurrent layers (L)</source>
        <translation>堆叠的循环层数（L）</translation>
    </message>
    <message>
        <source>Time steps per window (T): how far back the model sees</source>
        <translation>每个窗口的时间步数（T）：模型能往回看多远</translation>
    </message>
    <message>
        <source>Windows per step; auto = full batch for a series, 64 for text</source>
        <translation>每步的窗口数；自动 = 序列用全批量，文本用 64</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Adam or plain SGD; a change needs new weights</source>
        <translation>Adam 或普通 SGD；更改需要新的权重</translation>
    </message>
    <message>
        <source>Training steps; in the window Start stops there (0 = no end)</source>
        <translation>训练步数；在窗口中“开始”会在此处停止（0 = 不停止）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>no end</source>
        <translation>不停止</translation>
    </message>
    <message>
        <source>Random seed of the initial weights and the batches</source>
        <translation>初始权重和批次的随机种子</translation>
    </message>
    <message>
        <source>Where training runs; probes always run on the CPU</source>
        <translation>训练在哪里运行；探测总在 CPU 上运行</translation>
    </message>
    <message>
        <source>Attention over the top layer&apos;s states: weights α_t = softmax(h_Tᵀ W_a h_t) over the window, and the head reads the context Σ α_t h_t beside h_T. For one output per window (series, adding); not with bidirectional layers</source>
        <translation>对顶层各状态的注意力：在窗口内的权重 α_t = softmax(h_Tᵀ W_a h_t)，输出层读取上下文 Σ α_t h_t 和 h_T。用于每个窗口一个输出的任务（序列、加法问题）；不能与双向层同用</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Stop after N validations in a row without a lower validation loss, and keep the weights of the best one; 0 = never stop early</source>
        <translation>连续 N 次验证损失没有降低时停止，并保留最佳一次的权重；0 = 从不提前停止</translation>
    </message>
    <message>
        <source>Early stop</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Learning rate over the steps: constant; step = ×0.1 at 50% and again at 75% of the steps; cosine = lr (1 + cos(π k / steps)) / 2 at step k, down to 0 at the end (with steps 0, constant); live</source>
        <translation>学习率随步数的变化：恒定；阶梯 = 在 50% 处 ×0.1，在 75% 处再 ×0.1；余弦 = 第 k 步为 lr (1 + cos(π k / 步数)) / 2，到结束时降为 0（步数为 0 时为恒定）；实时生效</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率计划</translation>
    </message>
    <message>
        <source>Model (changes reset)</source>
        <translation>模型（修改会重置）</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元类型</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>随机失活</translation>
    </message>
    <message>
        <source>Seq len</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>What a series&apos; model trains on, fitted on the training part only: the values (none), their changes (diff), their logarithm (log, positive values) or the changes of the logarithm (logdiff); predictions are turned back into the data&apos;s own units</source>
        <translation>序列模型的训练对象（只在训练部分上拟合）：原值（不变换）、变化量（diff）、对数（log，需正值）或对数的变化量（logdiff）；预测会换算回数据本身的单位</translation>
    </message>
    <message>
        <source>Transform</source>
        <translation>变换</translation>
    </message>
    <message>
        <source>Series: predict the next K values at once (K outputs of the head, trained on all K); drawn as a fan after the last window</source>
        <translation>序列：一次预测接下来的 K 个值（输出层有 K 个输出，对全部 K 个训练）；在最后一个窗口之后画成扇形</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>预测步长</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Learning rate, log scale; takes effect at the next step</source>
        <translation>学习率，对数刻度；下一步生效</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>by norm</source>
        <translation>按范数</translation>
    </message>
    <message>
        <source>by value</source>
        <translation>按值</translation>
    </message>
    <message>
        <source>Gradient clipping: rescale the whole gradient to at most the threshold (norm), or cut each component (value); live</source>
        <translation>梯度裁剪：把整个梯度按比例缩小到不超过阈值（范数），或截断每个分量（值）；即时生效</translation>
    </message>
    <message>
        <source>Clipping threshold</source>
        <translation>裁剪阈值</translation>
    </message>
    <message>
        <source>Probe every N steps; auto = a few times a second within 3% of the time</source>
        <translation>每 N 步探测一次；自动 = 每秒几次，占用不超过 3% 的时间</translation>
    </message>
    <message>
        <source>Text sampling temperature: low = safe, high = surprising</source>
        <translation>文本采样温度：低 = 稳妥，高 = 出人意料</translation>
    </message>
    <message>
        <source>Training (live)</source>
        <translation>训练（即时生效）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>▶ Start</source>
        <translation>▶ 开始</translation>
    </message>
    <message>
        <source>Start or pause training (Space)</source>
        <translation>开始或暂停训练（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One training step, then a probe (S)</source>
        <translation>训练一步，然后探测一次（S）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New weights from the current settings (Ctrl+R)</source>
        <translation>按当前设置生成新权重（Ctrl+R）</translation>
    </message>
    <message>
        <source>Default (torch)</source>
        <translation>默认（torch）</translation>
    </message>
    <message>
        <source>Orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>Initial weights. Default: torch&apos;s own U(-1/√H, 1/√H). Xavier: Xavier-uniform per gate block, biases zero. Orthogonal: each gate&apos;s H×H recurrent block orthogonal, input weights Xavier, biases zero</source>
        <translation>初始权重。默认：torch 自己的 U(-1/√H, 1/√H)。Xavier：每个门块 Xavier 均匀分布，偏置为零。正交：每个门的 H×H 循环块为正交矩阵，输入权重用 Xavier，偏置为零</translation>
    </message>
    <message>
        <source>Multiplies every recurrent (hidden-to-hidden) weight after initialisation. From an orthogonal start 1.5 makes an exploding RNN and 0.5 a vanishing one (see the gradient over time steps)</source>
        <translation>初始化后把每个循环（隐藏到隐藏）权重乘以该系数。从正交初始化出发，1.5 得到梯度爆炸的 RNN，0.5 得到梯度消失的 RNN（见梯度随时间步的变化）</translation>
    </message>
    <message>
        <source>Dropout P between stacked layers, in training only (probes and predictions run without it); needs 2 or more layers</source>
        <translation>堆叠层之间的 Dropout 概率 P，仅在训练时使用（探测和预测不用）；需要 2 层或以上</translation>
    </message>
    <message>
        <source>Bidirectional</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>Parameters: {n}</source>
        <translation>参数量：{n}</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the model…</source>
        <translation>正在准备模型…</translation>
    </message>
    <message>
        <source>training stopped: {error}</source>
        <translation>训练已停止：{error}</translation>
    </message>
    <message>
        <source>could not start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <source>this run has ended: Reset starts a new one</source>
        <translation>这次运行已结束：按“重置”开始新的运行</translation>
    </message>
    <message>
        <source>{setting} is the varied setting here: each variant keeps its own</source>
        <translation>{setting} 是这里被改变的设置：每个变体保留自己的值</translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Saving the checkpoint…</source>
        <translation>正在保存检查点…</translation>
    </message>
    <message>
        <source>Writing the run folder…</source>
        <translation>正在写入运行文件夹…</translation>
    </message>
    <message>
        <source>only an LSTM has a forget gate</source>
        <translation>只有 LSTM 有遗忘门</translation>
    </message>
    <message>
        <source>forget-gate bias set to {value} at the next step</source>
        <translation>遗忘门偏置将在下一步设为 {value}</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>vanishing-gradient</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <source>exploding-gradient</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <source>saturated-gates</source>
        <translation>门控饱和</translation>
    </message>
    <message>
        <source>dead-units</source>
        <translation>死单元</translation>
    </message>
    <message>
        <source>overfitting</source>
        <translation>过拟合</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>rising-loss</source>
        <translation>损失上升</translation>
    </message>
    <message>
        <source>extrapolation</source>
        <translation>外推</translation>
    </message>
    <message>
        <source>Try an LSTM or GRU, a shorter window (Seq len, --seq-len), or for an LSTM a forget-gate bias of 1 (Diagnostics view, --forget-bias 1).</source>
        <translation>试试 LSTM 或 GRU、更短的窗口（序列长度，--seq-len），或者对 LSTM 把遗忘门偏置设为 1（诊断视图，--forget-bias 1）。</translation>
    </message>
    <message>
        <source>Turn on gradient clipping (Clipping: norm, --clip norm) or lower the learning rate.</source>
        <translation>打开梯度裁剪（梯度裁剪：按范数，--clip norm）或降低学习率。</translation>
    </message>
    <message>
        <source>Lower the learning rate or restart from a fresh initialisation; inputs far from zero also push gates to 0 or 1.</source>
        <translation>降低学习率，或从新的初始化重新开始；远离零的输入也会把门推向 0 或 1。</translation>
    </message>
    <message>
        <source>Restart with another seed or a lower learning rate; fewer hidden units may do the same job.</source>
        <translation>换一个种子或用更低的学习率重新开始；更少的隐藏单元也许能做同样的事。</translation>
    </message>
    <message>
        <source>Stop earlier, use a smaller model, or train on more data.</source>
        <translation>提前停止、使用更小的模型，或用更多数据训练。</translation>
    </message>
    <message>
        <source>Lower the learning rate or turn on gradient clipping (Clipping: norm, --clip norm).</source>
        <translation>降低学习率或打开梯度裁剪（梯度裁剪：按范数，--clip norm）。</translation>
    </message>
    <message>
        <source>Lower the learning rate tenfold or more, or turn on gradient clipping (Clipping: norm, --clip norm).</source>
        <translation>把学习率降到十分之一或更低，或打开梯度裁剪（裁剪：norm，--clip norm）。</translation>
    </message>
    <message>
        <source>A model rarely predicts beyond the values it was trained on: train on a longer stretch of the series, or on its changes (--transform diff or logdiff).</source>
        <translation>模型很少能预测出超出训练时所见范围的值：请用更长的一段序列训练，或改为训练它的变化量（--transform diff 或 logdiff）。</translation>
    </message>
    <message>
        <source>Train on its changes instead (Transform: diff, --transform diff): those of the validation part lie within the training part&apos;s range.</source>
        <translation>改为训练它的变化量（变换：diff，--transform diff）：验证部分的变化量落在训练部分的范围之内。</translation>
    </message>
    <message>
        <source>Train on its relative changes instead (Transform: logdiff, --transform logdiff): those of the validation part lie within the training part&apos;s range.</source>
        <translation>改为训练它的相对变化（变换：logdiff，--transform logdiff）：验证部分的相对变化落在训练部分的范围之内。</translation>
    </message>
    <message>
        <source>Try a shorter window (Seq len, --seq-len) or a forget-gate bias of 1 (Diagnostics view, --forget-bias 1); early in training it often passes as the gates learn.</source>
        <translation>试试更短的窗口（序列长度，--seq-len），或把遗忘门偏置设为 1（诊断视图，--forget-bias 1）；训练初期它常会随门控学会而消失。</translation>
    </message>
    <message>
        <source>Try a shorter window (Seq len, --seq-len); early in training it often passes as the gates learn.</source>
        <translation>试试更短的窗口（序列长度，--seq-len）；训练初期它常会随门控学会而消失。</translation>
    </message>
    <message>
        <source>In layer {layer} the gradient reaching the window&apos;s first step is {ratio} of the last step&apos;s and shrinks by e every {tau} steps back (of {T}), in {probes} probes in a row, so the model can hardly learn from early inputs.</source>
        <translation>连续 {probes} 次探测中，第 {layer} 层传到窗口第一个时间步的梯度只有最后一步的 {ratio} 倍，且每往回 {tau} 步就缩小为 1/e（共 {T} 步），所以模型几乎无法从早期输入中学习。</translation>
    </message>
    <message>
        <source>{share} of the {gate} gate&apos;s values in layer {layer} sit below 0.1 or above 0.9 in {probes} probes in a row, where a sigmoid passes almost no gradient.</source>
        <translation>连续 {probes} 次探测中，第 {layer} 层{gate}门有 {share} 的取值低于 0.1 或高于 0.9，在那里 sigmoid 几乎不传递梯度。</translation>
    </message>
    <message>
        <source>{share} of the units in layer {layer} barely move (std of h below {std} over the probe batch) in {probes} probes in a row, so they carry no information.</source>
        <translation>连续 {probes} 次探测中，第 {layer} 层有 {share} 的单元几乎不动（在探测批次上 h 的标准差低于 {std}），所以它们不携带任何信息。</translation>
    </message>
    <message>
        <source>Over steps {start} to {step} the global gradient norm&apos;s median was {recent}, {times}x its median over the first {window} steps ({base}): the gradient keeps growing instead of shrinking as the loss falls.</source>
        <translation>第 {start} 到 {step} 步全局梯度范数的中位数为 {recent}，是前 {window} 步中位数（{base}）的 {times} 倍：梯度一直在增大，而不是随损失下降而减小。</translation>
    </message>
    <message>
        <source>At step {step} the loss or gradient overflowed (not finite): the gradient exploded beyond what a float can hold.</source>
        <translation>第 {step} 步的损失或梯度溢出（不是有限值）：梯度爆炸到了浮点数无法表示的程度。</translation>
    </message>
    <message>
        <source>The validation loss, as the median of the last {vals} validations, is {loss}: {rise} above its lowest earlier level {low} (up to step {low_step}), while the training loss kept falling, so the model is memorising its training data.</source>
        <translation>验证集损失（最近 {vals} 次验证的中位数）为 {loss}：比它此前的最低水平 {low}（截至第 {low_step} 步）高出 {rise}，而训练损失仍在下降，说明模型在死记训练数据。</translation>
    </message>
    <message>
        <source>{share} of the validation part&apos;s values (transform {transform}) lie outside the range the model saw in training, {low} to {high} (widened by {margin} on each side): the model has to extrapolate there.</source>
        <translation>验证部分有 {share} 的值（变换 {transform}）落在模型训练时所见的范围 {low} 到 {high}（两侧各放宽 {margin}）之外：模型在那里只能外推。</translation>
    </message>
    <message>
        <source>The validation loss, as the median of the last {vals} validations, is {loss}: {times}x the training loss {train}. The model fits its training data far better than data it has not seen: it memorises instead of learning what carries over.</source>
        <translation>验证损失（最近 {vals} 次验证的中位数）为 {loss}，是训练损失 {train} 的 {times} 倍。模型拟合训练数据远好于没见过的数据：它在死记硬背，而不是学到可以推广的规律。</translation>
    </message>
    <message>
        <source>The training loss grew: its median over the last {window} steps, {recent}, is {times}x its loss at the first step ({base}). Each step moves the weights away from a solution: the step size is far too large.</source>
        <translation>训练损失在上升：最近 {window} 步的中位数 {recent} 是第一步损失（{base}）的 {times} 倍。每一步都让权重离解更远：步长太大了。</translation>
    </message>
    <message>
        <source>The validation loss, as the median of the last {vals} validations, rose to {loss}, above ln V = {uniform}: worse than guessing among all characters uniformly, after it had been below it.</source>
        <translation>验证集损失（最近 {vals} 次验证的中位数）升到 {loss}，高于 ln V = {uniform}：在曾经低于它之后，变得比在所有字符中均匀猜测还差。</translation>
    </message>
    <message>
        <source>In layer {layer} the step Jacobian&apos;s norm stayed above 1 (up to {jacobian}) for {probes} probes and the gradient grows toward the first step ({ratio}x the last step&apos;s), so perturbations are amplified through time.</source>
        <translation>第 {layer} 层单步雅可比矩阵的范数连续 {probes} 次探测都大于 1（最高 {jacobian}），而且梯度越往第一个时间步越大（是最后一步的 {ratio} 倍），所以扰动会随时间被放大。</translation>
    </message>
    <message>
        <source>The loss or gradient at step {step} was not finite; the step was undone and the last good weights kept.</source>
        <translation>第 {step} 步的损失或梯度不是有限值；这一步已撤销，保留了上一次正常的权重。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>forget</source>
        <translation>遗忘</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>DynamicsPanel</name>
    <message>
        <source>amplifying ↑</source>
        <translation>放大 ↑</translation>
    </message>
    <message>
        <source>edge</source>
        <translation>临界</translation>
    </message>
    <message>
        <source>shrinking ↓</source>
        <translation>收缩 ↓</translation>
    </message>
    <message>
        <source>max ‖J‖</source>
        <translation>最大 ‖J‖</translation>
    </message>
    <message>
        <source>mean ‖J‖</source>
        <translation>平均 ‖J‖</translation>
    </message>
    <message>
        <source>spectral radius ρ</source>
        <translation>谱半径 ρ</translation>
    </message>
    <message>
        <source>step {step}: max ‖J‖ {max}, mean {mean}, spectral radius {radius}</source>
        <translation>第 {step} 步：最大 ‖J‖ {max}，平均 {mean}，谱半径 {radius}</translation>
    </message>
    <message>
        <source>step {step}: max ‖J‖ {max}; mean {mean}; radius {radius}</source>
        <translation>第 {step} 步：最大 ‖J‖ {max}；平均 {mean}；谱半径 {radius}</translation>
    </message>
</context>
<context>
    <name>Experiments</name>
    <message>
        <source>{file} (cannot load)</source>
        <translation>{file}（无法载入）</translation>
    </message>
    <message>
        <source>compare {vary}</source>
        <translation>对比 {vary}</translation>
    </message>
    <message>
        <source>solo run</source>
        <translation>单次运行</translation>
    </message>
    <message>
        <source>{name}  ({kind}, {steps} steps)</source>
        <translation>{name}  （{kind}，{steps} 步）</translation>
    </message>
    <message>
        <source>Open a preset file…</source>
        <translation>打开预设文件…</translation>
    </message>
    <message>
        <source>Run your own experiment: a .toml or .json preset file</source>
        <translation>运行你自己的实验：一个 .toml 或 .json 预设文件</translation>
    </message>
    <message>
        <source>Open a preset</source>
        <translation>打开预设</translation>
    </message>
    <message>
        <source>Presets (*.toml *.json)</source>
        <translation>预设 (*.toml *.json)</translation>
    </message>
    <message>
        <source>{name}: press Start to run it</source>
        <translation>{name}：按“开始”运行</translation>
    </message>
    <message>
        <source>The experiment {name} replaces this run</source>
        <translation>实验 {name} 将替换当前运行</translation>
    </message>
    <message>
        <source>Step {step}: {text}</source>
        <translation>第 {step} 步：{text}</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Note on {where} at step {step}: {text}</source>
        <translation>{where}（第 {step} 步）提示：{text}</translation>
    </message>
</context>
<context>
    <name>FigureDialog</name>
    <message>
        <source>Export all</source>
        <translation>全部导出</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>{w} × {h} (PNG {pw} × {ph})</source>
        <translation>{w} × {h}（PNG {pw} × {ph}）</translation>
    </message>
    <message>
        <source>Other size</source>
        <translation>其他尺寸</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Figure size</source>
        <translation>图片尺寸</translation>
    </message>
    <message>
        <source>Width, height</source>
        <translation>宽度、高度</translation>
    </message>
    <message>
        <source>Each figure is drawn for this size (in pixels; the PNG has twice as many each way): pens and fonts grow with it, so the figure reads the same on a slide</source>
        <translation>每张图按此尺寸绘制（单位为像素；PNG 的长宽各为其两倍）：线条和字体随之放大，放到幻灯片上同样清晰易读</translation>
    </message>
    <message>
        <source>Export all into</source>
        <translation>全部导出到</translation>
    </message>
</context>
<context>
    <name>Fonts</name>
    <message>
        <source>install a CJK font, e.g. sudo apt-get install fonts-wqy-microhei, then restart rnnviz</source>
        <translation>请安装一个中日韩字体，例如 sudo apt-get install fonts-wqy-microhei，然后重启 rnnviz</translation>
    </message>
    <message>
        <source>{n} characters of this text ({shown}) have no glyph in any installed font and show as boxes: {fix}</source>
        <translation>此文本有 {n} 个字符（{shown}）在已安装的字体中都没有字形，会显示为方框：{fix}</translation>
    </message>
</context>
<context>
    <name>ForgetBiasPanel</name>
    <message>
        <source>Set forget bias to 1</source>
        <translation>遗忘门偏置设为 1</translation>
    </message>
    <message>
        <source>Every layer: b_ih&apos;s forget slice = 1 and b_hh&apos;s = 0, so b_ih + b_hh = 1, from the next step on</source>
        <translation>每一层：b_ih 的遗忘门部分 = 1，b_hh 的 = 0，因此 b_ih + b_hh = 1，从下一步起生效</translation>
    </message>
    <message>
        <source>b_ih + b_hh (forget slice)</source>
        <translation>b_ih + b_hh（遗忘门部分）</translation>
    </message>
    <message>
        <source>units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>only an LSTM has a forget gate (this is a {cell})</source>
        <translation>只有 LSTM 有遗忘门（这是 {cell}）</translation>
    </message>
    <message>
        <source>step {step}: mean {mean}, from {low} to {high}</source>
        <translation>第 {step} 步：平均 {mean}，从 {low} 到 {high}</translation>
    </message>
    <message>
        <source>nearest units: </source>
        <translation>最近的单元：</translation>
    </message>
</context>
<context>
    <name>GatesPanel</name>
    <message>
        <source>Which direction of the bidirectional layer to show</source>
        <translation>显示双向层的哪个方向</translation>
    </message>
    <message>
        <source>RNN pre-activation (no gates)</source>
        <translation>RNN 预激活（没有门）</translation>
    </message>
    <message>
        <source>a = W_ih x + W_hh h + b before tanh; |a| &gt; 2: saturated, passes almost no gradient</source>
        <translation>a = W_ih x + W_hh h + b（tanh 之前）；|a| &gt; 2：饱和，几乎不传递梯度</translation>
    </message>
    <message>
        <source>Gate activations — {cell}</source>
        <translation>门控激活 — {cell}</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
</context>
<context>
    <name>GlobalGradPanel</name>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>after clipping</source>
        <translation>裁剪后</translation>
    </message>
    <message>
        <source>clip threshold (by norm)</source>
        <translation>裁剪阈值（按范数）</translation>
    </message>
    <message>
        <source>before clipping</source>
        <translation>裁剪前</translation>
    </message>
    <message>
        <source>step {step}: before {before}, after {after}</source>
        <translation>第 {step} 步：裁剪前 {before}，裁剪后 {after}</translation>
    </message>
</context>
<context>
    <name>GradTimePanel</name>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>Gradient over time steps · step {step}</source>
        <translation>梯度随时间步的变化 · 第 {step} 步</translation>
    </message>
    <message>
        <source>y: gradient norm ||dL_T/dh_t|| (no unit), log scale; x: time step t of the probe window (1 = oldest input); τ in time steps; faded curves: earlier probes, lighter = older</source>
        <translation>纵轴：梯度范数 ||dL_T/dh_t||（无单位），对数刻度；横轴：探测窗口中的时间步 t（1 = 最早的输入）；τ 以时间步计；淡色曲线：更早的探测，越淡越早</translation>
    </message>
    <message>
        <source>τ = {taus} steps</source>
        <translation>τ = {taus} 步</translation>
    </message>
    <message>
        <source>τ per layer = {taus}</source>
        <translation>各层 τ = {taus}</translation>
    </message>
    <message>
        <source>∞: the gradient does not shrink toward t = 1</source>
        <translation>∞：梯度朝 t = 1 方向不减小</translation>
    </message>
    <message>
        <source> (layer {n})</source>
        <translation>（第 {n} 层）</translation>
    </message>
    <message>
        <source> (layer {n} forward)</source>
        <translation>（第 {n} 层正向）</translation>
    </message>
    <message>
        <source>0 (below float32&apos;s range)</source>
        <translation>0（低于 float32 的范围）</translation>
    </message>
    <message>
        <source>faded: steps </source>
        <translation>淡色：步数 </translation>
    </message>
</context>
<context>
    <name>HiddenPanel</name>
    <message>
        <source>h: output</source>
        <translation>h：输出</translation>
    </message>
    <message>
        <source>c: cell state (memory)</source>
        <translation>c：细胞状态（记忆）</translation>
    </message>
    <message>
        <source>An LSTM: show the hidden state h_t (the layer&apos;s output, o ⊙ tanh(c_t)) or the cell state c_t, the memory the forget gate keeps from step to step</source>
        <translation>LSTM：显示隐藏状态 h_t（该层的输出，o ⊙ tanh(c_t)）或细胞状态 c_t，即遗忘门一步步保留的记忆</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>attr.</source>
        <translation>归因</translation>
    </message>
    <message>
        <source>Attention α_t: how much of the context the head reads comes from step t (softmax of h_Tᵀ W_a h_t over the window; sums to 1)</source>
        <translation>注意力 α_t：输出层读取的上下文中有多少来自第 t 步（在窗口内对 h_Tᵀ W_a h_t 取 softmax；总和为 1）</translation>
    </message>
    <message>
        <source>bars: ‖∂L/∂x_t‖, the prediction at t = {t}</source>
        <translation>柱：‖∂L/∂x_t‖，针对 t = {t} 处的预测</translation>
    </message>
    <message>
        <source>bars: ‖∂L/∂x_t‖, the forecast at t = {t}</source>
        <translation>柱：‖∂L/∂x_t‖，针对 t = {t} 处的预测值</translation>
    </message>
    <message>
        <source> · α: most at t = {t} ({share})</source>
        <translation> · α：最大在 t = {t}（{share}）</translation>
    </message>
    <message>
        <source> · click t = {T}: back</source>
        <translation> · 点击 t = {T}：返回</translation>
    </message>
    <message>
        <source>attention α at t = {t}: {value}</source>
        <translation>t = {t} 的注意力 α：{value}</translation>
    </message>
    <message>
        <source>attribution of t = {t} to the prediction at t = {at}: {value}</source>
        <translation>t = {t} 对 t = {at} 处预测的归因：{value}</translation>
    </message>
</context>
<context>
    <name>LabReport</name>
    <message>
        <source>nothing to report yet: the run is still starting</source>
        <translation>还没有可报告的内容：训练仍在启动</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>smooth </source>
        <translation>平滑 </translation>
    </message>
    <message>
        <source>solid: train (smoothed) · faint: each step · dots: validation</source>
        <translation>实线：训练（平滑）· 浅色：每一步 · 圆点：验证集</translation>
    </message>
    <message>
        <source>Weight of the smoothed training curve (0 = no smoothing)</source>
        <translation>平滑训练曲线的权重（0 = 不平滑）</translation>
    </message>
    <message>
        <source>no memory: {loss}</source>
        <translation>无记忆：{loss}</translation>
    </message>
    <message>
        <source>step (×0.1 at 50% and 75%)</source>
        <translation>阶梯（在 50% 和 75% 处 ×0.1）</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>lr schedule: {schedule} · lr now {lr}</source>
        <translation>学习率调度：{schedule} · 当前学习率 {lr}</translation>
    </message>
    <message>
        <source>step {step}: train {train} (smoothed {smoothed})</source>
        <translation>第 {step} 步：训练 {train}（平滑 {smoothed}）</translation>
    </message>
    <message>
        <source>, val {val} (step {step})</source>
        <translation>，验证 {val}（第 {step} 步）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>rnnviz — watch a recurrent network learn</source>
        <translation>rnnviz — 观察循环神经网络如何学习</translation>
    </message>
    <message>
        <source>Active training-health warnings; click for the Diagnostics view</source>
        <translation>当前的训练健康警告；点击打开诊断视图</translation>
    </message>
    <message>
        <source>Export &amp;plot</source>
        <translation>导出图(&amp;P)</translation>
    </message>
    <message>
        <source>Export &amp;animation</source>
        <translation>导出动画(&amp;A)</translation>
    </message>
    <message>
        <source>Whole {view} view…</source>
        <translation>整个{view}视图…</translation>
    </message>
    <message>
        <source>&amp;Task</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>Sine (next value)</source>
        <translation>正弦（下一个值）</translation>
    </message>
    <message>
        <source>Adding problem (memory)</source>
        <translation>加法问题（记忆）</translation>
    </message>
    <message>
        <source>Copy task (memory)</source>
        <translation>复制任务（记忆）</translation>
    </message>
    <message>
        <source>The built-in noisy sine: predict the next value</source>
        <translation>内置的带噪声正弦：预测下一个值</translation>
    </message>
    <message>
        <source>Each step reads a value in [0, 1) and a marker; two steps are marked, one in each half; predict the sum of the two marked values at the last step. A model with no memory can do no better than always 1 (MSE 1/6, the dashed line on the loss)</source>
        <translation>每一步读入一个 [0, 1) 中的值和一个标记；有两步被标记，前后两半各一个；在最后一步预测这两个被标记值之和。没有记忆的模型最多只能做到始终预测 1（MSE 1/6，即损失图上的虚线）</translation>
    </message>
    <message>
        <source>Read 10 symbols (1-8), blanks, a delimiter; then write the 10 symbols back in order at the last 10 steps. Cross-entropy at every step; a model with no memory can only guess them: 10 ln 8 / seq-len (the dashed line on the loss)</source>
        <translation>读入 10 个符号（1-8）、若干空白和一个分隔符；然后在最后 10 步按顺序写回这 10 个符号。每一步都计算交叉熵；没有记忆的模型只能猜：10 ln 8 / seq-len（损失图上的虚线）</translation>
    </message>
    <message>
        <source>&amp;Threads</source>
        <translation>线程(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Presentation</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Larger text and lines, for a projector</source>
        <translation>更大的文字和线条，适合投影</translation>
    </message>
    <message>
        <source>&amp;Settings Column</source>
        <translation>设置栏(&amp;S)</translation>
    </message>
    <message>
        <source>Show or hide the settings on the left: more room for the plots on a small screen (Space, S and Ctrl+R still work)</source>
        <translation>显示或隐藏左侧的设置栏：在小屏幕上给图表更多空间（空格、S 和 Ctrl+R 仍然可用）</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Keys&lt;/b&gt;: Space start/pause and S single step (whatever control has focus), Ctrl+R reset, Ctrl+O open, Ctrl+E export all, Ctrl+S save checkpoint, Ctrl+L lab report, Ctrl+1… switch view, F5 presentation, F6 the settings column, F1 this help. Hover a plot to read exact values; double-click a plot (or ⤢) to enlarge it; right-click to export it.</source>
        <translation>&lt;b&gt;按键&lt;/b&gt;：空格 开始/暂停，S 单步（无论焦点在哪个控件上），Ctrl+R 重置，Ctrl+O 打开，Ctrl+E 全部导出，Ctrl+S 保存检查点，Ctrl+L 实验报告，Ctrl+1… 切换视图，F5 演示模式，F6 设置栏，F1 本帮助。鼠标悬停在图上可读取精确数值；双击图（或 ⤢）可放大；右键可导出。</translation>
    </message>
    <message>
        <source>&amp;Open CSV or text…</source>
        <translation>打开 CSV 或文本(&amp;O)…</translation>
    </message>
    <message>
        <source>Train on your own data</source>
        <translation>用你自己的数据训练</translation>
    </message>
    <message>
        <source>Use the built-in &amp;sine</source>
        <translation>使用内置正弦(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;checkpoint…</source>
        <translation>打开检查点(&amp;C)…</translation>
    </message>
    <message>
        <source>Open s&amp;weep…</source>
        <translation>打开扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>A folder written by rnnviz sweep, as a map of its runs</source>
        <translation>由 &apos;rnnviz sweep&apos; 写出的文件夹，以图谱显示其中的各次训练</translation>
    </message>
    <message>
        <source>&amp;Save checkpoint…</source>
        <translation>保存检查点(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export all…</source>
        <translation>全部导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Every plot as PNG/SVG/CSV plus config, metrics, history, probe and checkpoint</source>
        <translation>每张图导出为 PNG/SVG/CSV，另加配置、指标、历史、探测和检查点</translation>
    </message>
    <message>
        <source>&amp;Lab report…</source>
        <translation>实验报告(&amp;L)…</translation>
    </message>
    <message>
        <source>One HTML file: data, configuration, versions, results, warnings and every plot</source>
        <translation>一个 HTML 文件：数据、配置、版本、结果、警告和所有图表</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation>开始 / 暂停</translation>
    </message>
    <message>
        <source>Single step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Train many runs of these settings over a grid, on Ray</source>
        <translation>在 Ray 上按网格训练这些设置的许多次运行</translation>
    </message>
    <message>
        <source>About the plots</source>
        <translation>关于这些图</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>E&amp;xperiments</source>
        <translation>实验(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Language: {name}, from the next start of rnnviz</source>
        <translation>语言：{name}，下次启动 rnnviz 时生效</translation>
    </message>
    <message>
        <source>Automatic (measured)</source>
        <translation>自动（测量选择）</translation>
    </message>
    <message>
        <source>How many threads train: measured (tries each count, keeps the fastest and checks again now and then, e.g. when a busy program starts) or fixed</source>
        <translation>用多少个线程训练：自动测量（逐一尝试各个线程数，保留最快的，并不时重新检查，例如有繁忙程序启动时），或固定数目</translation>
    </message>
    <message>
        <source>threads: chosen by measurement</source>
        <translation>线程数：由测量选择</translation>
    </message>
    <message>
        <source>threads: {n}</source>
        <translation>线程数：{n}</translation>
    </message>
    <message>
        <source>built-in noisy sine, sin(t) + N(0, 0.1²)</source>
        <translation>内置带噪声正弦，sin(t) + N(0, 0.1²)</translation>
    </message>
    <message>
        <source>series</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>{n} missing values filled</source>
        <translation>已填补 {n} 个缺失值</translation>
    </message>
    <message>
        <source>New variants: the comparison restarts from step 0 (step {step} is lost). Continue?</source>
        <translation>新建变体：对比将从第 0 步重新开始（第 {step} 步的进度会丢失）。继续吗？</translation>
    </message>
    <message>
        <source>This change needs new weights</source>
        <translation>这个修改需要新的权重</translation>
    </message>
    <message>
        <source>{why}: training restarts from step 0 (step {step} is lost). Continue?</source>
        <translation>{why}：训练将从第 0 步重新开始（第 {step} 步的进度会丢失）。继续吗？</translation>
    </message>
    <message>
        <source>only an LSTM has a forget gate</source>
        <translation>只有 LSTM 有遗忘门</translation>
    </message>
    <message>
        <source>⏹ {why}. Start goes on from these weights.</source>
        <translation>⏹ {why}。按“开始”将从这些权重继续训练。</translation>
    </message>
    <message>
        <source>Reset starts again from the seed&apos;s initial weights</source>
        <translation>重置会从该种子的初始权重重新开始</translation>
    </message>
    <message>
        <source>Set every layer&apos;s forget-gate bias to {value} from the next step on? Training goes on from the current weights.</source>
        <translation>从下一步起把每一层的遗忘门偏置设为 {value}？训练将从当前权重继续。</translation>
    </message>
    <message>
        <source>adding problem: sum of the 2 marked values of {T} steps</source>
        <translation>加法问题：{T} 步中 2 个被标记值之和</translation>
    </message>
    <message>
        <source>copy task: 10 symbols to repeat after {T} steps</source>
        <translation>复制任务：{T} 步之后重复 10 个符号</translation>
    </message>
    <message>
        <source>inputs: {names}</source>
        <translation>输入：{names}</translation>
    </message>
    <message>
        <source>time: {name}</source>
        <translation>时间：{name}</translation>
    </message>
    <message>
        <source>{n} control characters removed</source>
        <translation>已移除 {n} 个控制字符</translation>
    </message>
    <message>
        <source>{v} distinct characters: the output layer alone has {w} weights; a smaller text, or one without its rare characters, trains faster</source>
        <translation>{v} 个不同字符：仅输出层就有 {w} 个权重；更小的文本，或去掉罕见字符的文本，训练更快</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done: {n} steps (Space trains on)</source>
        <translation>已完成 {n} 步（按空格继续训练）</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>1 thread</source>
        <translation>1 个线程</translation>
    </message>
    <message>
        <source>{n} threads</source>
        <translation>{n} 个线程</translation>
    </message>
    <message>
        <source>step {step}   loss {loss}   val {val}   {rate} steps/s   lr {lr}   {threads}   {state}  </source>
        <translation>第 {step} 步   损失 {loss}   验证 {val}   {rate} 步/秒   学习率 {lr}   {threads}   {state}  </translation>
    </message>
    <message>
        <source>⚠ {why}. Then press Start to resume.</source>
        <translation>⚠ {why}。然后按“开始”继续。</translation>
    </message>
    <message>
        <source>Opening {name} resets training</source>
        <translation>打开 {name} 会重置训练</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>opening {name} was cancelled</source>
        <translation>已取消打开 {name}</translation>
    </message>
    <message>
        <source>Open a series (CSV/TSV) or a text</source>
        <translation>打开序列（CSV/TSV）或文本</translation>
    </message>
    <message>
        <source>Data (*.csv *.tsv *.txt *.md);;All files (*)</source>
        <translation>数据 (*.csv *.tsv *.txt *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Switching to the sine</source>
        <translation>切换到正弦</translation>
    </message>
    <message>
        <source>Switching to the {task} task</source>
        <translation>切换到 {task} 任务</translation>
    </message>
    <message>
        <source>Reading the checkpoint…</source>
        <translation>正在读取检查点…</translation>
    </message>
    <message>
        <source>exported {n} files to {folder}</source>
        <translation>已导出 {n} 个文件到 {folder}</translation>
    </message>
    <message>
        <source>Loading {name} replaces the current weights</source>
        <translation>载入 {name} 会替换当前权重</translation>
    </message>
    <message>
        <source>Writing the animation…</source>
        <translation>正在写入动画…</translation>
    </message>
    <message>
        <source>Save the lab report</source>
        <translation>保存实验报告</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <source>wrote the lab report {0}</source>
        <translation>已写入实验报告 {0}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export {title}</source>
        <translation>导出{title}</translation>
    </message>
    <message>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <source>Open checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>PyTorch (*.pt);;All files (*)</source>
        <translation>PyTorch (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>inspecting layer {layer}, unit {unit}…</source>
        <translation>正在检查第 {layer} 层、单元 {unit}…</translation>
    </message>
    <message>
        <source>Computing layer {layer}, unit {unit}…</source>
        <translation>正在计算第 {layer} 层、单元 {unit}…</translation>
    </message>
    <message>
        <source>attribution of another step needs the weights of the probe: press Live first</source>
        <translation>对其他时间步做归因需要该次探测时的权重：请先按“实时”</translation>
    </message>
    <message>
        <source>wrote {path} ({n} frames)</source>
        <translation>已写入 {path}（{n} 帧）</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Writing the lab report…</source>
        <translation>正在写入实验报告…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Divergence&lt;/b&gt;: when the loss or the gradient stops being a finite number, training stops and goes back to the newest &lt;i&gt;healthy&lt;/i&gt; weights: those of the latest step whose loss was within 4x the best loss so far (the last finite weights have often blown up already). Lower the learning rate, then Start.</source>
        <translation>&lt;b&gt;发散&lt;/b&gt;：当损失或梯度不再是有限数时，训练停止并回到最新的&lt;i&gt;健康&lt;/i&gt;权重：即损失不超过迄今最佳损失 4 倍的最近一步的权重（最后一次有限的权重往往已经爆掉了）。降低学习率，然后按“开始”。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Look closer&lt;/b&gt;: click a row of the hidden-state heatmap to open that unit in the Unit view (the validation part coloured by its activation, its top windows, gates, gradient row and most correlated units). Click a step under the heatmap to attribute the prediction at that step to the inputs before it. Text: hover a character of the sample or a step of the heatmap for the next-character odds; they follow the temperature.</source>
        <translation>&lt;b&gt;细看&lt;/b&gt;：点击隐藏状态热图的一行，在单元视图中打开该单元（按它的激活着色的验证集部分、得分最高的窗口、门、梯度行以及相关性最高的单元）。点击热图下方的某个时间步，把该时间步的预测归因到它之前的输入。文本：把鼠标悬停在采样文本的字符或热图的时间步上，可看到下一个字符的概率；它们随温度变化。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Replay&lt;/b&gt;: the run keeps up to {keep} whole probes for replay. While there is room it keeps every probe; when it is full it keeps every second one (then every fourth, ...), always with the newest, so the kept probes cover the whole run evenly and memory stays bounded. Drag the slider to pin every probe panel to one of them (the loss curves mark its step); let go, or press Live, to return; ▶ plays them back. File ▸ Export animation writes them as a GIF.</source>
        <translation>&lt;b&gt;回放&lt;/b&gt;：一次运行最多保留 {keep} 次完整探测用于回放。有空间时保留每一次探测；满了以后每隔一次保留一次（然后每四次一次，……），并总是保留最新的一次，因此保留的探测均匀覆盖整个运行，内存占用有上限。拖动滑块可把每个探测面板固定到其中一次（损失曲线会标出它的步数）；松开滑块或按“实时”即可返回；▶ 按顺序回放。文件 ▸ 导出动画 可把它们写成 GIF。</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>A sweep is running already</source>
        <translation>已有一个扫描在运行</translation>
    </message>
    <message>
        <source>the sweep stopped (exit status {code})</source>
        <translation>扫描已停止（退出状态 {code}）</translation>
    </message>
    <message>
        <source>Open sweep (a folder written by rnnviz sweep)</source>
        <translation>打开扫描（由 &apos;rnnviz sweep&apos; 写出的文件夹）</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <source>step {step}: τ = {taus} (steps)</source>
        <translation>第 {step} 步：τ = {taus}（步）</translation>
    </message>
    <message>
        <source>step {step}: τ = {taus}</source>
        <translation>第 {step} 步：τ = {taus}</translation>
    </message>
</context>
<context>
    <name>Note</name>
    <message>
        <source>Dismiss this note</source>
        <translation>关闭此提示</translation>
    </message>
    <message>
        <source> … (click for more)</source>
        <translation> …（点击查看全部）</translation>
    </message>
</context>
<context>
    <name>OddsBox</name>
    <message>
        <source>Hover a character of the sample, or a step of the hidden-state heatmap, to see the model&apos;s next-character odds.</source>
        <translation>把鼠标悬停在采样文本的字符上，或隐藏状态热图的某个时间步上，可看到模型对下一个字符的概率。</translation>
    </message>
    <message>
        <source>Replay: the odds need the current weights; press Live to read them.</source>
        <translation>回放中：概率需要当前权重；按“实时”查看。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Next character&lt;/b&gt; after “{context}” at temperature {t}: entropy {bits} bits</source>
        <translation>“{context}”之后的&lt;b&gt;下一个字符&lt;/b&gt;，温度 {t}：熵 {bits} 比特</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <source>Enlarge this panel to fill the view, or restore it (or double-click the plot)</source>
        <translation>放大此面板以填满视图，或还原（也可双击图）</translation>
    </message>
    <message>
        <source>Which layer to show</source>
        <translation>显示哪一层</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>step {step}: </source>
        <translation>第 {step} 步：</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>{what}: unit {u}, t = {t}: {value}</source>
        <translation>{what}：单元 {u}，t = {t}：{value}</translation>
    </message>
    <message>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Training loss at every step (light blue: raw, blue: smoothed) and validation loss on held-out data (orange), log scale. MSE in normalized units for a series, cross-entropy in nats for text. Validation rising while training falls = overfitting. The smoothed curve is a causal exponential moving average with bias correction (as TensorBoard&apos;s): it starts at the first raw value and never changes what it has already drawn; the &apos;smooth&apos; box sets its weight (0 = none, 0.99 = very smooth). On a memory task the dashed grey line is the loss of a model with no memory (adding problem: always predict 1, MSE 1/6); only a model that remembers the marked values gets below it.</source>
        <translation>每一步的训练损失（浅蓝：原始值，蓝：平滑）和留出数据上的验证集损失（橙），对数刻度。序列用归一化单位下的 MSE，文本用以奈特为单位的交叉熵。训练损失下降而验证集损失上升 = 过拟合。平滑曲线是带偏差校正的因果指数滑动平均（与 TensorBoard 相同）：它从第一个原始值开始，从不改动已经画出的部分；“平滑”框设置它的权重（0 = 不平滑，0.99 = 非常平滑）。在记忆任务上，灰色虚线是没有记忆的模型的损失（加法问题：始终预测 1，MSE 1/6）；只有记住了被标记值的模型才能低于它。</translation>
    </message>
    <message>
        <source>Each variant&apos;s training loss (solid: smoothed, faint: every step) and validation loss (dots), log scale, one colour per variant. All variants see the same batches in the same order, so the curves differ only by the varied setting.</source>
        <translation>每个变体的训练损失（实线：平滑，浅色：每一步）和验证集损失（圆点），对数刻度，每个变体一种颜色。所有变体以相同顺序看到相同的批次，因此曲线的差别只来自被改变的那个设置。</translation>
    </message>
    <message>
        <source>The norm of each variant&apos;s whole gradient at every step, before clipping, log scale. Spikes are exploding gradients; with clipping by norm a variant&apos;s steps are cut down to its threshold (the caption says which variants clip).</source>
        <translation>每个变体在每一步的整体梯度范数（裁剪前），对数刻度。尖峰就是梯度爆炸；按范数裁剪时，变体的每一步会被削减到它的阈值（说明行列出哪些变体做了裁剪）。</translation>
    </message>
    <message>
        <source>Gradient over time steps</source>
        <translation>梯度随时间步的变化</translation>
    </message>
    <message>
        <source>||dL_T / dh_t|| for t = 1..T in each variant&apos;s newest probe (its last layer), log scale: how strongly the final prediction&apos;s loss reaches back to the state at step t. A steep fall to the left is a vanishing gradient; the slope gives the memory length tau (the gradient shrinks by e every tau steps back), listed in the caption.</source>
        <translation>每个变体最新一次探测（最后一层）中 t = 1..T 的 ||dL_T / dh_t||，对数刻度：最终预测的损失能在多大程度上回传到第 t 步的状态。向左急剧下降就是梯度消失；斜率给出记忆长度 tau（每往回 tau 步，梯度缩小为 1/e），列在说明行中。</translation>
    </message>
    <message>
        <source>Memory length τ</source>
        <translation>记忆长度 τ</translation>
    </message>
    <message>
        <source>Each variant&apos;s memory length tau (its last layer) at every probe so far, log scale: the e-folding distance of ||dL_T/dh_t||, fitted as a straight line on the log scale (where that line is flat but the gradient at t = 1 is still smaller, (T - 1) / ln of the ratio). A short tau means the gradient vanishes within a few steps back, so the model cannot learn from what came earlier. tau = ∞ (the gradient does not shrink toward t = 1) is marked by a triangle at the top edge; the caption shows it.</source>
        <translation>每个变体（最后一层）在迄今每次探测时的记忆长度 tau，对数刻度：||dL_T/dh_t|| 衰减到 1/e 所需的步数，在对数刻度上用直线拟合（若该直线平坦而 t = 1 处的梯度仍更小，则取 (T - 1) / ln(比值)）。tau 短表示梯度往回几步就消失了，模型无法从更早的内容中学习。tau = ∞（梯度朝 t = 1 方向不减小）用顶边的三角形标出，由说明行显示。</translation>
    </message>
    <message>
        <source>Hidden state h_t</source>
        <translation>隐藏状态 h_t</translation>
    </message>
    <message>
        <source>Each variant&apos;s hidden state in its newest probe (last layer; units in rows, time steps in columns), side by side on one colour scale: blue -1, white 0, red +1.</source>
        <translation>每个变体最新一次探测中的隐藏状态（最后一层；行是单元，列是时间步），并排显示、使用同一色标：蓝 -1，白 0，红 +1。</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Gates</source>
        <translation>门</translation>
    </message>
    <message>
        <source>One gate of every variant in its newest probe (last layer; units in rows, time steps in columns), side by side on the same colour scale; the box chooses the gate. Sigmoid gates run from 0 (closed) to 1 (open); the candidates g, n from -1 to 1. &apos;memory gate&apos; shows what keeps the state in each cell: the LSTM&apos;s forget gate f, the GRU&apos;s update gate z (1 = keep the old state), and, for a vanilla RNN, which has no gate, its tanh pre-activation a (-3..3; |a| &gt; 2 is saturated and passes almost no gradient).</source>
        <translation>每个变体最新一次探测中的一个门（最后一层；行是单元，列是时间步），并排显示、使用同一色标；下拉框选择门。sigmoid 门从 0（关闭）到 1（打开）；候选值 g、n 从 -1 到 1。“记忆门”显示每种单元中负责保持状态的部分：LSTM 的遗忘门 f、GRU 的更新门 z（1 = 保留旧状态），以及没有门的普通 RNN 的 tanh 预激活 a（-3..3；|a| &gt; 2 为饱和，几乎不传递梯度）。</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>正向</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Gradient norm over time steps</source>
        <translation>梯度范数随时间步的变化</translation>
    </message>
    <message>
        <source>||dL_T / dh_t|| for t = 1..T: how strongly the loss of the final step&apos;s prediction reaches back to the hidden state at step t, one curve per layer, log scale. A curve falling steeply to the left is a vanishing gradient (early steps barely learn); rising to the left is an exploding one. Faded curves are the four probes before the newest; the caption names their steps. The caption&apos;s ratio ||dL_T/dh_1|| / ||dL_T/dh_T|| is how much of the gradient reaches the first step, and tau, the memory length, is the e-folding distance of the curve: a straight line fitted on this log scale, the gradient shrinks by e every tau steps back; where that line is flat but the gradient at t = 1 is still below the one at t = T, tau is (T - 1) / ln of their ratio. tau = ∞ only where the gradient does not shrink toward t = 1 at all. Red triangles at the top or bottom edge mark values beyond float&apos;s range (overflowed, or 0). A bidirectional layer has a dashed curve for its reverse direction, mirrored: the head reads the reverse state at t = 1, so that curve is largest at t = 1 and fades toward t = T.</source>
        <translation>t = 1..T 的 ||dL_T / dh_t||：最后一步预测的损失能在多大程度上回传到第 t 步的隐藏状态，每层一条曲线，对数刻度。曲线向左急剧下降就是梯度消失（早期时间步几乎学不到东西）；向左上升则是梯度爆炸。淡色曲线是最新一次之前的四次探测，说明行给出它们的步数。说明行中的比值 ||dL_T/dh_1|| / ||dL_T/dh_T|| 表示有多少梯度能到达第一个时间步；tau 即记忆长度，是曲线衰减到 1/e 的距离：在这条对数刻度上拟合一条直线，每往回 tau 步梯度缩小为 1/e；若该直线平坦而 t = 1 处的梯度仍小于 t = T 处，tau 取 (T - 1) / ln(两者之比)。只有梯度朝 t = 1 方向完全不减小时 tau 才为 ∞。顶边或底边的红色三角形标出超出浮点范围的值（溢出或为 0）。双向层的反向方向用虚线表示，方向相反：输出层在 t = 1 读取反向状态，所以该曲线在 t = 1 最大，向 t = T 逐渐减弱。</translation>
    </message>
    <message>
        <source>Global gradient norm per step</source>
        <translation>每步的全局梯度范数</translation>
    </message>
    <message>
        <source>The norm of the whole gradient at each training step, before clipping (blue) and after (orange), log scale. With clipping by norm the dashed line is the threshold: spikes above it are cut down to it. Spikes without clipping are exploding gradients.</source>
        <translation>每个训练步的整体梯度范数，裁剪前（蓝）和裁剪后（橙），对数刻度。按范数裁剪时，虚线是阈值：高于它的尖峰会被削减到它。没有裁剪时的尖峰就是梯度爆炸。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>norm</source>
        <translation>范数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>before clipping · clipping {clip} (all)</source>
        <translation>裁剪前 · 梯度裁剪 {clip}（全部）</translation>
    </message>
    <message>
        <source>clipping </source>
        <translation>梯度裁剪 </translation>
    </message>
    <message>
        <source>i input</source>
        <translation>i 输入门</translation>
    </message>
    <message>
        <source>f forget</source>
        <translation>f 遗忘门</translation>
    </message>
    <message>
        <source>g cand. ±1</source>
        <translation>g 候选值 ±1</translation>
    </message>
    <message>
        <source>o output</source>
        <translation>o 输出门</translation>
    </message>
    <message>
        <source>r reset</source>
        <translation>r 重置门</translation>
    </message>
    <message>
        <source>z update</source>
        <translation>z 更新门</translation>
    </message>
    <message>
        <source>n cand. ±1</source>
        <translation>n 候选值 ±1</translation>
    </message>
    <message>
        <source>pre-activation a</source>
        <translation>预激活 a</translation>
    </message>
    <message>
        <source>Attention over the probe batch</source>
        <translation>探测批次上的注意力</translation>
    </message>
    <message>
        <source>Where the model looks: one row per window of the probe batch (the first validation windows), one column per time step, coloured by the attention weight α_t that the model gives the top layer&apos;s state h_t of that window (α_t = softmax over t of h_Tᵀ W_a h_t; each row sums to 1). The head reads the context Σ α_t h_t beside h_T. On the adding problem the two marked steps differ from window to window: compare each row&apos;s bright cells with them. Only a model trained with attention (--attention) has one.</source>
        <translation>模型看向哪里：探测批次（前若干个验证窗口）的每个窗口一行，每个时间步一列，颜色是模型给该窗口顶层状态 h_t 的注意力权重 α_t（α_t = 对 t 取 softmax 的 h_Tᵀ W_a h_t；每行之和为 1）。输出层在 h_T 之外读取上下文 Σ α_t h_t。在加法问题上，两个被标记的时间步因窗口而异：把每行的亮格与它们比较。只有用注意力训练（--attention）的模型才有。</translation>
    </message>
    <message>
        <source>Gate activations</source>
        <translation>门控激活</translation>
    </message>
    <message>
        <source>Cell state c_t</source>
        <translation>细胞状态 c_t</translation>
    </message>
    <message>
        <source>The hidden state of every unit (rows) at every time step (columns) of the probe sequence (the first validation window), for the chosen layer. tanh keeps it in [-1, 1]: blue negative, red positive, white zero. Units that stay at ±1 are saturated. Click a row to inspect that unit in the Unit view.
The bars under it are the input attribution ||dL_T/dx_t||: how much each input of the window mattered to the loss of the final step&apos;s prediction (Distill, &apos;Visualizing memorization in RNNs&apos;). Click a step to ask the same of the prediction made at that step (zero after it: the model cannot look ahead); click the last step to go back. Text: hover a step to see the model&apos;s next-character odds after it.
With attention, the orange row under the bars is the attention weight α_t of every step: the share of the context c = Σ α_t h_t, which the head reads beside h_T, that comes from h_t (α_t = softmax over t of h_Tᵀ W_a h_t, so the row sums to 1).
An LSTM: the box beside the layer shows h (the output) or c, the cell state (the memory the forget gate keeps); c is not bounded by tanh, so its colour scale runs to ±max |c| (at least ±1).
A bidirectional layer shows its two directions side by side, both in forward time: the reverse direction reads the window from t = T back to t = 1, so its column t has seen x_t..x_T.</source>
        <translation>所选层中每个单元（行）在探测序列（第一个验证窗口）每个时间步（列）的隐藏状态。tanh 把它限制在 [-1, 1]：蓝为负，红为正，白为零。一直停在 ±1 的单元处于饱和。点击某一行可在单元视图中检查该单元。
下面的柱是输入归因 ||dL_T/dx_t||：窗口中每个输入对最后一步预测的损失有多重要（Distill，“Visualizing memorization in RNNs”）。点击某个时间步，可对该时间步的预测做同样的分析（其后为零：模型不能向前看）；点击最后一步即可返回。文本：悬停在某个时间步上可看到模型对其后下一个字符的概率。
有注意力时，柱下方的橙色一行是每个时间步的注意力权重 α_t：输出层在 h_T 之外读取的上下文 c = Σ α_t h_t 中来自 h_t 的份额（α_t = 对 t 取 softmax 的 h_Tᵀ W_a h_t，所以这一行之和为 1）。
LSTM：层选择旁边的框可选择显示 h（输出）或 c，即细胞状态（遗忘门保留的记忆）；c 不受 tanh 限制，所以它的颜色刻度取到 ±（|c| 的最大值，至少为 1）。
双向层把两个方向并排显示，都按正向时间排列：反向方向从 t = T 读到 t = 1，所以它的第 t 列已经看过 x_t..x_T。</translation>
    </message>
    <message>
        <source>LSTM: input i, forget f, output o gates (sigmoid, 0 = closed, 1 = open) and the candidate g (tanh, -1..1). GRU: reset r and update z gates (0..1) and the candidate n (-1..1). Rows are units, columns time steps, for the chosen layer. A vanilla RNN has no gates: its tanh pre-activation is shown instead; |a| &gt; 2 means the unit is saturated and passes almost no gradient. A bidirectional layer: choose the direction next to the layer (both in forward time).</source>
        <translation>LSTM：输入门 i、遗忘门 f、输出门 o（sigmoid，0 = 关闭，1 = 打开）和候选值 g（tanh，-1..1）。GRU：重置门 r 和更新门 z（0..1）以及候选值 n（-1..1）。所选层中行是单元，列是时间步。普通 RNN 没有门：改为显示它的 tanh 预激活；|a| &gt; 2 表示该单元饱和，几乎不传递梯度。双向层：在层旁边选择方向（都按正向时间排列）。</translation>
    </message>
    <message>
        <source>Predictions vs data</source>
        <translation>预测与数据</translation>
    </message>
    <message>
        <source>Series: the data (grey) and the model&apos;s one-step-ahead prediction of every value from the seq-len values before it, on the training part (blue) and the held-out validation part (orange, right of the dashed line), in the data&apos;s own units. Each of these reads true values only (teacher forcing), so an error never carries over.
Free-running (purple): the model&apos;s own rollout over the validation part. Its first prediction reads the seq-len true values before the validation part (so it equals the orange one there); every later window ends with the model&apos;s own earlier predictions instead of the data, so its errors feed back and it drifts, toward the pattern the model has learnt (or a flat line). It is redone with a probe at most once a second while training, and for the shown weights whenever training stops.
Text: a sample generated by the model, started from the prime text; higher temperature gives more surprising characters. Hover a character to see the model&apos;s five most probable next characters after it (read from a zero state up to it, with the current weights) at the current temperature, and the entropy of that distribution in bits. With several sample temperatures (--samples, the temperature experiment) the samples stand side by side, one column per temperature, all drawn from the same model at the same step.
Adding problem: the first validation sequence, each step&apos;s value (grey) and the two marked values (orange dots); the caption gives their sum, the target, and what the model predicted for it at the last step.
Copy task: the first validation sequence as the model reads it (· blank, 1-8 the symbols, | the delimiter), the 10 symbols it must write back at the end, and its most probable symbol at the last step.</source>
        <translation>序列：数据（灰）以及模型根据前面 seq-len 个值对每个值做的一步预测，分为训练部分（蓝）和留出的验证部分（橙，虚线右侧），使用数据本身的单位。这些预测都只读取真实值（教师强制），所以误差不会累积。
自由运行预测（紫）：模型在验证部分上自己的滚动预测。它的第一个预测读取验证部分之前的 seq-len 个真实值（因此在那里与橙色预测相同）；之后每个窗口的末尾都换成模型自己先前的预测而不是数据，所以误差会反馈回来，曲线逐渐漂移，趋向模型学到的模式（或一条平线）。训练时它最多每秒随探测重算一次，训练停止时按显示的权重重算。
文本：模型从起始文本开始生成的采样；温度越高，字符越出人意料。把鼠标悬停在某个字符上，可看到模型在当前温度下对其后下一个字符最可能的五个候选（用当前权重从零状态读到该字符），以及该分布以比特为单位的熵。有多个采样温度时（--samples，温度实验），各采样并排显示，每个温度一列，都来自同一步的同一个模型。
加法问题：第一个验证序列，每一步的值（灰）和两个被标记的值（橙色圆点）；说明文字给出它们的和（目标）以及模型在最后一步对它的预测。
复制任务：模型读到的第一个验证序列（· 空白，1-8 符号，| 分隔符）、它必须在末尾写回的 10 个符号，以及它在最后一步最可能的符号。</translation>
    </message>
    <message>
        <source>Gate saturation</source>
        <translation>门控饱和</translation>
    </message>
    <message>
        <source>One plot per sigmoid gate (LSTM: input, forget, output; GRU: reset, update) and a dot per unit, over the probe batch (the first 64 validation windows, every step): x = share of the gate&apos;s values below 0.1 (shut), y = share above 0.9 (wide open), as in Karpathy, Johnson &amp; Fei-Fei (2015). Dots near the origin are gates that still weigh their inputs; dots near the right or top edge are saturated, and a saturated sigmoid passes almost no gradient. A vanilla RNN has no gates: its plot shows each unit&apos;s share of |h| &gt; 0.9 (tanh&apos;s flat tails) against its spread. Hover a dot to name the unit.</source>
        <translation>每个 sigmoid 门一张图（LSTM：输入、遗忘、输出；GRU：重置、更新），每个单元一个点，统计范围是探测批次（前 64 个验证窗口的每个时间步）：x = 该门取值低于 0.1（关闭）的比例，y = 高于 0.9（完全打开）的比例，做法同 Karpathy、Johnson 和 Fei-Fei（2015）。靠近原点的点表示门仍在权衡输入；靠近右边或上边的点表示饱和，而饱和的 sigmoid 几乎不传递梯度。普通 RNN 没有门：它的图显示每个单元 |h| &gt; 0.9（tanh 平坦的两端）的比例与其离散程度。悬停在点上可显示单元编号。</translation>
    </message>
    <message>
        <source>Recurrent dynamics over training</source>
        <translation>循环动力学随训练的变化</translation>
    </message>
    <message>
        <source>‖J‖, ρ</source>
        <translation>‖J‖, ρ</translation>
    </message>
    <message>
        <source>How strongly one step&apos;s state depends on the previous one (Pascanu et al. 2013), at every probe: the largest singular value of the step Jacobian ∂s_t/∂s_(t-1) (s = h, or [h; c] for an LSTM), the most over the probe window&apos;s steps (blue) and its mean over them (cyan); purple: the largest spectral radius of the recurrent weight blocks (one block per gate); a line style per layer. Above the line at 1 a step amplifies, so gradients can explode; below it a step shrinks, so they vanish; near 1 is the edge where long memory is possible.</source>
        <translation>每次探测时，一步的状态在多大程度上依赖前一步（Pascanu 等 2013）：单步雅可比矩阵 ∂s_t/∂s_(t-1)（s = h，LSTM 为 [h; c]）的最大奇异值，取探测窗口各步中的最大值（蓝）和平均值（青）；紫：循环权重块（每个门一块）的最大谱半径；每层一种线型。在 1 这条线之上，每一步都在放大，梯度可能爆炸；在它之下，每一步都在收缩，梯度会消失；接近 1 是可能拥有长记忆的临界区。</translation>
    </message>
    <message>
        <source>Memory length τ over training</source>
        <translation>记忆长度 τ 随训练的变化</translation>
    </message>
    <message>
        <source>τ (steps)</source>
        <translation>τ（步）</translation>
    </message>
    <message>
        <source>The vanishing gradient as one number per layer, at every probe: τ is how many steps back the gradient reaches before it shrinks by a factor e (a least-squares line through ln ‖dL_T/dh_t‖ against T − t has slope b; τ = −1/b; where that line is flat but the gradient at t = 1 is still smaller than at t = T, τ = (T − 1) / ln of their ratio). A long τ lets the model learn from far back; a short one means early steps barely learn. A gradient that does not shrink toward t = 1 has no finite τ: the curve marks it with a triangle at the top edge and the caption says ∞.</source>
        <translation>每层一个数字表示梯度消失，每次探测一个：τ 是梯度往回传多少步后缩小为 1/e（在 ln ‖dL_T/dh_t‖ 对 T − t 的最小二乘直线斜率为 b，τ = −1/b；若该直线平坦而 t = 1 处的梯度仍小于 t = T 处，τ = (T − 1) / ln(两者之比)）。τ 长，模型就能从很早的输入中学习；τ 短，早期时间步几乎学不到东西。梯度朝 t = 1 方向不减小时没有有限的 τ：曲线在顶边用三角形标出，说明行显示 ∞。</translation>
    </message>
    <message>
        <source>Forget-gate bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <source>LSTM: a histogram of every unit&apos;s forget-gate bias b_ih + b_hh (the forget slice) in the chosen layer. With a bias near 0 the forget gate starts half shut (σ(0) = 0.5), so the cell state halves every step and the gradient vanishes; a bias of 1 starts it mostly open (σ(1) = 0.73), which Jozefowicz et al. (2015) found lengthens memory. The button sets every layer&apos;s forget bias to 1 at the next step (it asks first).</source>
        <translation>LSTM：所选层中每个单元的遗忘门偏置 b_ih + b_hh（遗忘门部分）的直方图。偏置接近 0 时，遗忘门一开始半关（σ(0) = 0.5），细胞状态每一步减半，梯度随之消失；偏置为 1 时它一开始大体打开（σ(1) = 0.73），Jozefowicz 等（2015）发现这能延长记忆。按钮会在下一步把每一层的遗忘门偏置设为 1（会先询问）。</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>What the numbers say, in plain words: every warning that holds now, with what it means and what to try; ones that held earlier are greyed below. The rules and their thresholds are in the README (and &apos;rnnviz train --help&apos;): vanishing-gradient, exploding-gradient, saturated-gates, dead-units, overfitting, diverged, extrapolation.</source>
        <translation>用通俗的话说明这些数字：当前成立的每条警告，它意味着什么、可以试试什么；之前成立过的警告以灰色列在下面。规则和阈值见 README（以及 &apos;rnnviz train --help&apos;）：梯度消失、梯度爆炸、门控饱和、死单元、过拟合、发散、外推。</translation>
    </message>
    <message>
        <source>input i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <source>forget f</source>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <source>candidate g</source>
        <translation>候选值 g</translation>
    </message>
    <message>
        <source>output o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <source>reset r</source>
        <translation>重置门 r</translation>
    </message>
    <message>
        <source>update z</source>
        <translation>更新门 z</translation>
    </message>
    <message>
        <source>candidate n</source>
        <translation>候选值 n</translation>
    </message>
    <message>
        <source>hidden h</source>
        <translation>隐藏状态 h</translation>
    </message>
    <message>
        <source>Unit over the probe window</source>
        <translation>单元在探测窗口上的变化</translation>
    </message>
    <message>
        <source>The inspected unit over the probe window (t = 1..T): its gates (LSTM i, f, o and GRU r, z in 0..1; the candidates g and n in -1..1; a vanilla RNN has none, its hidden state is shown) and, below, its layer&apos;s ||dL_T/dh_t|| (log scale): how strongly the final step&apos;s loss reaches back to that layer at step t. Follows the live probe, or the replayed one.</source>
        <translation>被检查的单元在探测窗口（t = 1..T）上的变化：它的门（LSTM 的 i、f、o 和 GRU 的 r、z 在 0..1；候选值 g 和 n 在 -1..1；普通 RNN 没有门，显示它的隐藏状态），下方是它所在层的 ||dL_T/dh_t||（对数刻度）：最后一步的损失能在多大程度上回传到该层的第 t 步。跟随实时探测或正在回放的探测。</translation>
    </message>
</context>
<context>
    <name>PredictionsPanel</name>
    <message>
        <source>index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>free-running</source>
        <translation>自由运行预测</translation>
    </message>
    <message>
        <source>Adding problem — the first validation sequence</source>
        <translation>加法问题 — 第一个验证序列</translation>
    </message>
    <message>
        <source>Copy task — the first validation sequence</source>
        <translation>复制任务 — 第一个验证序列</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>Predictions vs data — {name}</source>
        <translation>预测与数据 — {name}</translation>
    </message>
    <message>
        <source>{n} missing values filled by linear interpolation</source>
        <translation>已用线性插值填补 {n} 个缺失值</translation>
    </message>
    <message>
        <source>Sample — {name}</source>
        <translation>采样 — {name}</translation>
    </message>
    <message>
        <source>Sample at step {step}, temperature {t} — {name}</source>
        <translation>第 {step} 步的采样，温度 {t} — {name}</translation>
    </message>
    <message>
        <source>marked: {a} + {b} = {target}; the model predicts {pred} (step {step})</source>
        <translation>被标记：{a} + {b} = {target}；模型预测 {pred}（第 {step} 步）</translation>
    </message>
    <message>
        <source>reads {seq}; writes back {target}; at the last step the model predicts {pred} (target {last}, step {step})</source>
        <translation>读入 {seq}；写回 {target}；在最后一步模型预测 {pred}（目标 {last}，第 {step} 步）</translation>
    </message>
    <message>
        <source>temperature {t}</source>
        <translation>温度 {t}</translation>
    </message>
    <message>
        <source>Samples at step {step} — {name}</source>
        <translation>第 {step} 步的采样 — {name}</translation>
    </message>
    <message>
        <source>low: safe and repetitive · 1: the model&apos;s own odds · high: surprising</source>
        <translation>低：稳妥而重复 · 1：模型本身的概率 · 高：出人意料</translation>
    </message>
    <message>
        <source>free-running (step {step})</source>
        <translation>自由运行预测（第 {step} 步）</translation>
    </message>
    <message>
        <source>next {K} ± validation RMSE: {first} at step 1 → {last} at {K} (naive {naive_first} → {naive_last})</source>
        <translation>未来 {K} 个值 ± 验证 RMSE：第 1 步 {first} → 第 {K} 步 {last}（朴素预测 {naive_first} → {naive_last}）</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>pred. train</source>
        <translation>预测·训练</translation>
    </message>
    <message>
        <source>pred. validation</source>
        <translation>预测·验证集</translation>
    </message>
    <message>
        <source>next {K}</source>
        <translation>未来 {K} 个</translation>
    </message>
    <message>
        <source>t = {t}: value {value}</source>
        <translation>t = {t}：值 {value}</translation>
    </message>
    <message>
        <source> (marked)</source>
        <translation>（被标记）</translation>
    </message>
    <message>
        <source>{time} (row {i}): data {value}</source>
        <translation>{time}（第 {i} 行）：数据 {value}</translation>
    </message>
    <message>
        <source>index {i}: data {value}</source>
        <translation>索引 {i}：数据 {value}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>, predicted {value} ({split})</source>
        <translation>，预测 {value}（{split}）</translation>
    </message>
    <message>
        <source>, free-running {value}</source>
        <translation>，自由运行预测 {value}</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Play training back through the stored probes</source>
        <translation>按保存的探测回放训练过程</translation>
    </message>
    <message>
        <source>Replay: drag to see every probe panel at an earlier moment of training; let go to return to live. The run keeps at most a few hundred probes, thinned evenly.</source>
        <translation>回放：拖动可查看各探测面板在训练较早时刻的样子；松开即回到实时。一次运行最多保留几百次探测，均匀抽稀。</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Follow the newest probe again</source>
        <translation>重新跟随最新的探测</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时显示中</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>step {step}  (probe {i} of {n} kept)</source>
        <translation>第 {step} 步  （保留的 {n} 次探测中的第 {i} 次）</translation>
    </message>
</context>
<context>
    <name>SaturationPanel</name>
    <message>
        <source>units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>share of |h| &gt; 0.9</source>
        <translation>|h| &gt; 0.9 的比例</translation>
    </message>
    <message>
        <source>std of h</source>
        <translation>h 的标准差</translation>
    </message>
    <message>
        <source>{gate} gate</source>
        <translation>{gate}门</translation>
    </message>
    <message>
        <source>share &lt; 0.1 (shut)</source>
        <translation>&lt; 0.1 的比例（关闭）</translation>
    </message>
    <message>
        <source>share &gt; 0.9 (open)</source>
        <translation>&gt; 0.9 的比例（打开）</translation>
    </message>
    <message>
        <source>step {step}, saturated (below 0.1 or above 0.9): </source>
        <translation>第 {step} 步，饱和（低于 0.1 或高于 0.9）：</translation>
    </message>
    <message>
        <source>step {step}: |h| &gt; 0.9 in {share} of the values</source>
        <translation>第 {step} 步：{share} 的取值 |h| &gt; 0.9</translation>
    </message>
    <message>
        <source>unit {u}: |h| &gt; 0.9 in {share} of the values, std {std}</source>
        <translation>单元 {u}：{share} 的取值 |h| &gt; 0.9，标准差 {std}</translation>
    </message>
    <message>
        <source>unit {u}, {gate} gate: below 0.1 {below}, above 0.9 {above}</source>
        <translation>单元 {u}，{gate}门：低于 0.1 {below}，高于 0.9 {above}</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Run a sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>One setting a line, by its option name: FIELD=v1,v2,... or FIELD=start:stop:count (log-spaced for lr and init-scale). Every other setting is the window&apos;s.</source>
        <translation>每行一个设置，用其选项名：FIELD=v1,v2,... 或 FIELD=start:stop:count（lr 与 init-scale 按对数间隔）。其余设置都取窗口中的值。</translation>
    </message>
    <message>
        <source>Vary</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>随机种子数</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>give at least one setting to vary</source>
        <translation>请至少给出一个要变化的设置</translation>
    </message>
    <message>
        <source>{n} runs</source>
        <translation>{n} 次训练</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>What the colour shows: the median over seeds</source>
        <translation>颜色表示的量：各随机种子的中位数</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>panels</source>
        <translation>分图</translation>
    </message>
    <message>
        <source>Hover a cell for its runs; click it to open its median run in the Training view.</source>
        <translation>悬停在格子上查看其中的各次训练；单击可在“训练”视图中打开其中位数那次训练。</translation>
    </message>
    <message>
        <source>{folder}: {done} of {total} runs</source>
        <translation>{folder}：已完成 {done} / {total} 次训练</translation>
    </message>
</context>
<context>
    <name>UnitProbePanel</name>
    <message>
        <source>gate</source>
        <translation>门</translation>
    </message>
    <message>
        <source>Layer {layer}, unit {unit} over the probe window · step {step}</source>
        <translation>第 {layer} 层单元 {unit} 在探测窗口上 · 第 {step} 步</translation>
    </message>
</context>
<context>
    <name>UnitView</name>
    <message>
        <source>unit </source>
        <translation>单元 </translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Compute and show this unit with the current weights</source>
        <translation>用当前权重计算并显示该单元</translation>
    </message>
    <message>
        <source>Click a row of the hidden-state heatmap to inspect a unit.</source>
        <translation>点击隐藏状态热图的一行来检查一个单元。</translation>
    </message>
    <message>
        <source>index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>&lt;b&gt;Most correlated units&lt;/b&gt; (Pearson r over the validation part; click to open)</source>
        <translation>&lt;b&gt;相关性最高的单元&lt;/b&gt;（验证集部分上的 Pearson r；点击打开）</translation>
    </message>
    <message>
        <source>Click a row of the hidden-state heatmap (Training view) to inspect a unit, or choose one here and press Inspect.</source>
        <translation>点击隐藏状态热图（训练视图）的一行来检查一个单元，或在这里选择一个并按“检查”。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {layer}, unit {unit}&lt;/b&gt; ({cell}) — {name}, weights of step {step}. Colours: h&lt;sub&gt;t&lt;/sub&gt;[{unit}] </source>
        <translation>&lt;b&gt;第 {layer} 层，单元 {unit}&lt;/b&gt;（{cell}）— {name}，第 {step} 步的权重。颜色：h&lt;sub&gt;t&lt;/sub&gt;[{unit}] </translation>
    </message>
    <message>
        <source>; the first {limit} of {n} shown</source>
        <translation>；显示 {n} 个中的前 {limit} 个</translation>
    </message>
    <message>
        <source>The validation part (positions {start}..{end}) read as one continuous pass from a zero state, coloured by the unit&apos;s activation{note}.</source>
        <translation>验证集部分（位置 {start}..{end}）从零状态开始连续读一遍，按该单元的激活着色{note}。</translation>
    </message>
    <message>
        <source>layer {layer}, unit {unit}    r = {r}</source>
        <translation>第 {layer} 层，单元 {unit}    r = {r}</translation>
    </message>
    <message>
        <source>values {start}..{end}</source>
        <translation>数值 {start}..{end}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Top {k} of {n} validation windows&lt;/b&gt; by score = max of h&lt;sub&gt;t&lt;/sub&gt;[{unit}] over the window, each run from a zero state as in training (coloured by that run). Click a rank to show it in place.</source>
        <translation>&lt;b&gt;{n} 个验证窗口中得分最高的 {k} 个&lt;/b&gt;，得分 = 窗口内 h&lt;sub&gt;t&lt;/sub&gt;[{unit}] 的最大值，每个窗口都像训练时一样从零状态运行（按该次运行着色）。点击排名可在原处显示。</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
</context>
<context>
    <name>View</name>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
</context>
<context>
    <name>WarningsPanel</name>
    <message>
        <source>(since step {step})</source>
        <translation>（自第 {step} 步起）</translation>
    </message>
    <message>
        <source>Try:</source>
        <translation>试试：</translation>
    </message>
    <message>
        <source>No warning holds now.</source>
        <translation>当前没有警告。</translation>
    </message>
    <message>
        <source>{code} (step {step}; no longer holds): {message}</source>
        <translation>{code}（第 {step} 步；已不再成立）：{message}</translation>
    </message>
    <message>
        <source>Warnings: {n} active</source>
        <translation>警告：{n} 条生效</translation>
    </message>
    <message>
        <source>Warnings: none</source>
        <translation>警告：无</translation>
    </message>
</context>
</TS>
